import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The dashboard's two static files, read once at start: htmx from its npm package (no CDN, no build step)
 * and the stylesheet below. Both are served with a content hash in the URL and cached for a year.
 */

const require = createRequire(import.meta.url);

export const HTMX_JS = readFileSync(require.resolve('htmx.org/dist/htmx.min.js'), 'utf8');

/**
 * One small stylesheet: system fonts, a readable table on a phone (tables scroll inside their wrapper),
 * visible focus rings for keyboard users, colours with enough contrast. No inline styles anywhere, so the
 * Content-Security-Policy can forbid them.
 */
export const DASHBOARD_CSS = `
:root { --fg:#1b1f24; --muted:#57606a; --bg:#fff; --line:#d0d7de; --accent:#0a5bd3; --ok:#1a7f37; --bad:#b42318; --warn:#9a6700; --panel:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); }
a { color:var(--accent); }
:focus-visible { outline:3px solid var(--accent); outline-offset:2px; }
.skip { position:absolute; left:-9999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:4px 8px; z-index:2; }
header.top { display:flex; flex-wrap:wrap; gap:8px 16px; align-items:center; padding:10px 16px; border-bottom:1px solid var(--line); background:var(--panel); }
header.top .brand { font-weight:700; margin-right:8px; }
header.top nav a { margin-right:12px; text-decoration:none; } header.top nav a[aria-current=page] { font-weight:700; text-decoration:underline; }
header.top .who { margin-left:auto; color:var(--muted); display:flex; gap:8px; align-items:center; }
main { padding:16px; max-width:1200px; margin:0 auto; }
h1 { font-size:1.4rem; margin:0 0 12px; } h2 { font-size:1.1rem; margin:20px 0 8px; }
.grid { display:grid; grid-template-columns:repeat(auto-fit,minmax(260px,1fr)); gap:12px; }
.card { border:1px solid var(--line); border-radius:8px; padding:12px; background:var(--bg); }
.card h2 { margin-top:0; }
.big { font-size:1.8rem; font-weight:700; }
.muted { color:var(--muted); }
.ok { color:var(--ok); } .bad { color:var(--bad); } .warn { color:var(--warn); }
.scroll { overflow-x:auto; }
table { border-collapse:collapse; width:100%; }
caption { text-align:left; font-weight:600; padding:4px 0; }
th, td { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); vertical-align:top; }
th { background:var(--panel); font-weight:600; }
td.num, th.num { text-align:right; font-variant-numeric:tabular-nums; }
code, .mono { font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace; font-size:.92em; overflow-wrap:anywhere; }
form.inline { display:inline; }
form.filters { display:flex; flex-wrap:wrap; gap:8px; align-items:flex-end; margin-bottom:12px; }
form.filters label { display:flex; flex-direction:column; font-size:.9rem; }
input, select, button { font:inherit; padding:6px 8px; border:1px solid var(--line); border-radius:6px; background:#fff; color:var(--fg); }
button { cursor:pointer; background:var(--accent); color:#fff; border-color:var(--accent); }
button.secondary { background:#fff; color:var(--accent); }
button.danger { background:var(--bad); border-color:var(--bad); }
.flash { padding:8px 12px; border-radius:6px; background:#dafbe1; border:1px solid var(--ok); margin-bottom:12px; }
.error { padding:8px 12px; border-radius:6px; background:#ffebe9; border:1px solid var(--bad); margin-bottom:12px; }
.badge { display:inline-block; padding:1px 8px; border-radius:10px; font-size:.85rem; border:1px solid var(--line); background:var(--panel); white-space:nowrap; }
.badge.uin_issued,.badge.completed,.badge.pass,.badge.verified,.badge.done { border-color:var(--ok); color:var(--ok); }
.badge.failed,.badge.rejected,.badge.fail,.badge.denied { border-color:var(--bad); color:var(--bad); }
.badge.cancelled,.badge.skip { color:var(--muted); }
svg.chart { width:100%; height:auto; max-height:180px; }
svg.chart .accepted { fill:#0a5bd3; } svg.chart .succeeded { fill:#1a7f37; } svg.chart .failed { fill:#b42318; }
svg.chart text { font-size:10px; fill:#57606a; }
.legend span { margin-right:12px; } .legend .dot { display:inline-block; width:10px; height:10px; border-radius:2px; margin-right:4px; }
.dot.accepted { background:#0a5bd3; } .dot.succeeded { background:#1a7f37; } .dot.failed { background:#b42318; }
.login { max-width:420px; margin:48px auto; } .login input { width:100%; margin:4px 0 12px; }
dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 12px; margin:0; } dl.facts dt { color:var(--muted); } dl.facts dd { margin:0; }
@media (max-width:600px) { main { padding:10px; } .big { font-size:1.4rem; } header.top .who { margin-left:0; } }
`;

/** The tab icon: a small ID card, so browsers do not ask for a missing /favicon.ico. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect x="2" y="6" width="28" height="20" rx="3" fill="#0a5bd3"/><circle cx="11" cy="15" r="4" fill="#fff"/><rect x="7" y="21" width="8" height="2" fill="#fff"/><rect x="18" y="12" width="9" height="2" fill="#fff"/><rect x="18" y="17" width="7" height="2" fill="#fff"/></svg>';
