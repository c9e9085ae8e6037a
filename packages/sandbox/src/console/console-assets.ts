import { CONSOLE_PATHS, LIVE_FRAGMENT } from './paths.ts';

/**
 * The console's script and style, served from constants as same-origin files so the Content-Security-Policy
 * can forbid every inline script and style (`script-src 'self'`) without nonces or hashes to keep in sync.
 */

/**
 * Refreshes only `#live-content` every 3 s. It skips a round while the tab is hidden, while paused, and
 * while keyboard focus is inside the tables (replacing them would throw the focus away); it keeps each
 * table's horizontal scroll position across refreshes. The fault form is never touched.
 */
export const CONSOLE_SCRIPT = `'use strict';
(function () {
  var live = document.getElementById('live-content');
  var status = document.getElementById('live-status');
  var pause = document.getElementById('live-pause');
  if (!live || !status || !pause) return;
  var url = ${JSON.stringify(`${CONSOLE_PATHS.page}?fragment=${LIVE_FRAGMENT}`)};
  var paused = false;
  var busy = false;
  var failed = false;
  function say(text) {
    if (status.textContent !== text) status.textContent = text;
  }
  function scrollPositions() {
    var positions = {};
    live.querySelectorAll('.table-wrap').forEach(function (wrap) {
      var table = wrap.querySelector('table');
      if (table && table.id) positions[table.id] = wrap.scrollLeft;
    });
    return positions;
  }
  function refresh() {
    if (paused || busy || document.hidden || live.contains(document.activeElement)) return;
    busy = true;
    var positions = scrollPositions();
    fetch(url, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'text/html' } })
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.text();
      })
      .then(function (markup) {
        live.innerHTML = markup;
        Object.keys(positions).forEach(function (id) {
          var table = document.getElementById(id);
          if (table && table.parentElement) table.parentElement.scrollLeft = positions[id];
        });
        if (failed) say('Live refresh every 3 s (reconnected).');
        failed = false;
      })
      .catch(function (error) {
        failed = true;
        say('Live refresh failed (' + error.message + '); retrying.');
      })
      .finally(function () {
        busy = false;
      });
  }
  pause.hidden = false;
  pause.addEventListener('click', function () {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume live refresh' : 'Pause live refresh';
    say(paused ? 'Live refresh paused.' : 'Live refresh every 3 s.');
  });
  say('Live refresh every 3 s.');
  setInterval(refresh, 3000);
})();
`;

/** Plain CSS: readable on a phone (tables scroll inside their wrapper), visible focus, light and dark. */
export const CONSOLE_STYLE = `:root {
  color-scheme: light dark;
  --fg: #1b1b1b; --bg: #ffffff; --muted: #595959; --line: #c8c8c8; --panel: #f4f4f4;
  --accent: #0b57a4; --ok-bg: #dff3e4; --ok-fg: #14532d; --bad-bg: #fde2e2; --bad-fg: #7f1d1d;
  --warn-bg: #fff1c2; --warn-fg: #5c4400;
}
@media (prefers-color-scheme: dark) {
  :root {
    --fg: #ececec; --bg: #161616; --muted: #b0b0b0; --line: #444; --panel: #222;
    --accent: #8cc4ff; --ok-bg: #173d24; --ok-fg: #c9f2d5; --bad-bg: #4a1717; --bad-fg: #ffd5d5;
    --warn-bg: #4a3b0a; --warn-fg: #ffe9a6;
  }
}
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif; color: var(--fg); background: var(--bg); }
header, main { max-width: 80rem; margin: 0 auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin: 1rem 0 .25rem; }
h2 { font-size: 1.3rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .5rem; }
a { color: var(--accent); }
code { font-family: ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace; font-size: .9em; }
nav ul { list-style: none; display: flex; flex-wrap: wrap; gap: 1rem; padding: 0; margin: .5rem 0; }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: .5rem; z-index: 1; }
.muted { color: var(--muted); }
.flash { background: var(--ok-bg); color: var(--ok-fg); padding: .6rem .8rem; border-radius: 4px; }
.badge { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .85em; font-weight: 600; }
.badge-ok { background: var(--ok-bg); color: var(--ok-fg); }
.badge-bad { background: var(--bad-bg); color: var(--bad-fg); }
.badge-warn { background: var(--warn-bg); color: var(--warn-fg); }
.table-wrap { overflow-x: auto; margin: 0 0 1.5rem; border: 1px solid var(--line); border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .5rem .6rem; background: var(--panel); }
th, td { text-align: left; vertical-align: top; padding: .35rem .6rem; border-top: 1px solid var(--line); white-space: nowrap; }
thead th { background: var(--panel); }
.wrap { white-space: normal; overflow-wrap: anywhere; min-width: 12rem; }
dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(15rem, 1fr)); gap: .5rem 1rem; margin: 0 0 1.5rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
.actions { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-end; }
form.inline { display: flex; flex-wrap: wrap; gap: .5rem; align-items: flex-end; }
form.inline label { align-self: center; }
.live-controls { display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
.fault-form { max-width: 48rem; }
.field { display: flex; flex-direction: column; gap: .2rem; margin: 0 0 .9rem; }
.hint { color: var(--muted); font-size: .85rem; margin: 0 0 .5rem; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 0 0 1rem; padding: .5rem .8rem; }
legend { font-weight: 600; padding: 0 .3rem; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(11rem, 1fr)); gap: .25rem 1rem; }
.check { display: flex; gap: .4rem; align-items: center; padding: .2rem 0; }
input { font: inherit; padding: .35rem .45rem; max-width: 100%; color: inherit; background: var(--bg); border: 1px solid var(--muted); border-radius: 3px; }
input[type='checkbox'] { width: 1.1rem; height: 1.1rem; }
button { font: inherit; padding: .45rem 1rem; border-radius: 4px; border: 1px solid var(--accent); background: var(--accent); color: var(--bg); cursor: pointer; }
button.danger { background: var(--bad-fg); border-color: var(--bad-fg); }
button[hidden] { display: none; }
`;

/** The tab icon (a gear: this is the machine room), so browsers do not ask for a missing /favicon.ico. */
export const CONSOLE_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="13" fill="#8a3b12"/><circle cx="16" cy="16" r="5" fill="#fff"/></svg>';
