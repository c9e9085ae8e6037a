import { html, type SafeHtml } from '@crvs-mosip/contracts';
import { DASHBOARD_CSS, FAVICON_SVG, HTMX_JS } from './assets.ts';
import { createHash } from 'node:crypto';

/** Content hashes in the asset URLs, so a browser caches them for long and still sees a new version. */
const version = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);
export const ASSET_PATHS = {
  htmx: `/assets/htmx-${version(HTMX_JS)}.min.js`,
  css: `/assets/dashboard-${version(DASHBOARD_CSS)}.css`,
  icon: `/assets/icon-${version(FAVICON_SVG)}.svg`,
};

export type NavItem = 'overview' | 'registrations' | 'settings';

export interface PageContext {
  /** Who is signed in (API key id) and what they may do; absent on the sign-in page. */
  user?: { keyId: string; canOperate: boolean; csrf: string };
  nav?: NavItem;
  flash?: string | null;
  error?: string | null;
}

/** A hidden field carrying the CSRF token; every POST form includes it. */
export const csrfField = (token: string): SafeHtml =>
  html`<input type="hidden" name="_csrf" value="${token}" />`;

/** "2 h 5 min", "41 s": an age an operator reads at a glance. */
export function formatAge(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** A UTC timestamp as `2026-12-03 18:02:11Z`. */
export function formatTime(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return new Date(ms)
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d{3}Z$/, 'Z');
}

export const badge = (value: string): SafeHtml =>
  html`<span class="badge ${value}">${value.replace(/_/g, ' ')}</span>`;

const NAV: { item: NavItem; href: string; label: string }[] = [
  { item: 'overview', href: '/', label: 'Overview' },
  { item: 'registrations', href: '/registrations', label: 'Registrations' },
  { item: 'settings', href: '/settings', label: 'Settings & health' },
];

/**
 * The page shell. htmx is configured not to inject its indicator styles, so the CSP can forbid inline
 * styles; without JavaScript every page is complete and every action is a plain form.
 */
export function page(title: string, context: PageContext, body: SafeHtml): string {
  const { user } = context;
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="htmx-config" content='{"includeIndicatorStyles":false,"allowEval":false}' />
        <title>${title} · crvs-mosip</title>
        <link rel="stylesheet" href="${ASSET_PATHS.css}" />
        <link rel="icon" type="image/svg+xml" href="${ASSET_PATHS.icon}" />
        <script src="${ASSET_PATHS.htmx}" defer></script>
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="top">
          <span class="brand">crvs-mosip</span>
          ${
            user
              ? html`<nav aria-label="Main">
                    ${NAV.map(
                      (n) =>
                        html`<a href="${n.href}" ${context.nav === n.item ? html`aria-current="page"` : ''}
                          >${n.label}</a
                        >`,
                    )}
                  </nav>
                  <div class="who">
                    <span
                      >key <code>${user.keyId}</code>${user.canOperate ? ' (operate)' : ' (read only)'}</span
                    >
                    <form class="inline" method="post" action="/logout">
                      ${csrfField(user.csrf)}<button class="secondary" type="submit">Sign out</button>
                    </form>
                  </div>`
              : ''
          }
        </header>
        <main id="main">
          <h1>${title}</h1>
          ${context.flash ? html`<p class="flash" role="status">${context.flash}</p>` : ''}
          ${context.error ? html`<p class="error" role="alert">${context.error}</p>` : ''} ${body}
        </main>
      </body>
    </html>`.toString();
}
