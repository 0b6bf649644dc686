// The only page that answers without the token: it asks for the URL printed by the host.
export const loginPage = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Netns Studio: sign in</title>
<meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui,sans-serif;max-width:34rem;margin:4rem auto;padding:0 1rem;color-scheme:light dark}
input{width:100%;font:inherit;padding:.4rem;box-sizing:border-box}button{font:inherit;margin-top:.6rem}</style>
</head><body><h1>Netns Studio</h1>
<p>Open the address <code>netns-studio serve</code> printed (it carries a token), or paste the token here.</p>
<form method="get" action="/"><label>Token <input name="token" autocomplete="off" spellcheck="false" autofocus></label>
<button type="submit">Open</button></form></body></html>
`;
