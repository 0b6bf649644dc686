// The sign-in page, for a tab opened without the token: it asks for the URL the host printed, or
// the token itself. The form sends the token once, to this host only; the host answers with a
// redirect to its front page carrying the token in the fragment (see server.ts).
export const LOGIN_PATH = '/login';
/** Where the page sends a tab whose kept token this host refused (renderer/api/ws-client.ts). */
export const STALE_TOKEN_PROBLEM = 'This tab signed in to an earlier start of netns-studio serve, whose token is no longer valid. Open the address the host printed this time, or paste its token.';

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export function loginPage(problem = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Netns Studio: sign in</title>
<meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}
input{width:100%;font:inherit;padding:.4rem;box-sizing:border-box}button{font:inherit;margin-top:.6rem}.problem{color:#b00020}</style>
</head><body><h1>Netns Studio</h1>
${problem ? `<p class="problem">${escape(problem)}</p>\n` : ''}<p>Open the address <code>netns-studio serve</code> printed (the token follows <code>#token=</code>), or paste the token here.</p>
<form method="get" action="/"><label>Token <input name="token" autocomplete="off" spellcheck="false" autofocus></label>
<button type="submit">Open</button></form></body></html>
`;
}
