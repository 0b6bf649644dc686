// The page's entry: only the host's API, which (in the browser host) opens the WebSocket and asks
// for the live picture's events and snapshot as soon as it runs. The app (React, xyflow, the
// views) is a second script, loaded and compiled while the core reads: in one script, the whole
// bundle was compiled first and the snapshot was asked for about a second after navigation
// (docs/PERFORMANCE.md, "The first picture, stamped from navigation to boxes").
import './api/netns';

void import('./app/mount');
