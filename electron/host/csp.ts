// The page's Content-Security-Policy, sent as a header by both hosts (app:// in Electron, HTTP in
// the serve host). It matches the meta tag in renderer/index.html (a page gets the intersection
// of both): everything from the app itself; inline style attributes, which React and React Flow
// set; blob: workers for the layout engine. connect-src 'self' covers the serve host's own
// WebSocket in Chromium.
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');
