// The page's entry. The host's API comes first: its module opens the WebSocket (in the browser
// host) as soon as it runs, before React, xyflow and the app's modules run (docs/PERFORMANCE.md,
// "The first picture, stamped from navigation to boxes").
import './api/netns';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import './styles/theme.css';
import './styles/app.css';
import { App } from './app/App';

// read by bench/renderer.mjs: when every module of the page has run (see api/ws-client.ts, mark)
performance.mark('netns:modules-loaded');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
