/**
 * Served with status 404 for unknown or malformed board links: a page, never a blank
 * canvas. Self-contained (the client may not be built); its one inline style is allowed
 * by the CSP through its hash (transport/securityHeaders.ts), so it must stay a constant.
 */
export const NOT_FOUND_STYLE = `body{font:16px/1.5 system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0;background:#f8f9fa;color:#1e1e1e}
main{text-align:center;max-width:28rem;padding:2rem}h1{font-size:1.5rem;margin:0 0 .5rem}a{color:#5b57d1}`;

export const NOT_FOUND_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Board not found</title>
<style>${NOT_FOUND_STYLE}</style></head>
<body><main id="not-found"><h1>Board not found</h1>
<p>This link does not point to a board on this server. Check the link you were given, or start a new board.</p>
<p><a href="/">Start a new board</a></p></main></body></html>
`;
