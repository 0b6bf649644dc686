// The app, mounted: loaded by renderer/main.tsx after the host's API has started.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/style.css';
import '../styles/theme.css';
import '../styles/app.css';
import { App } from './App';

// read by bench/renderer.mjs: when every module of the page has run (see api/ws-client.ts, mark)
performance.mark('netns:modules-loaded');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
