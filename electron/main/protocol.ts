// The page comes from our own bundle only, through app://netns-studio/ (a standard, secure
// scheme, so the page has a real origin and 'self' in the CSP means exactly our files).
import { protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { contentType } from '../host/content-types';
import { APP_CSP } from '../host/csp';
import { resolveStaticFile } from '../host/static-files';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://netns-studio';
export const APP_URL = `${APP_ORIGIN}/index.html`;

export const CSP = APP_CSP;

/** Must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves files of `root` (dist/renderer) and nothing outside it. */
export function serveAppScheme(root: string): void {
  const base = resolve(root);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'netns-studio') return new Response('not found', { status: 404 });
    const file = resolveStaticFile(base, url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    // read directly rather than net.fetch(file://): our webRequest filter refuses file:// URLs
    const body = await readFile(file);
    return new Response(body, {
      status: 200,
      headers: { 'content-type': contentType(extname(file)), 'content-security-policy': CSP, 'x-content-type-options': 'nosniff' },
    });
  });
}
