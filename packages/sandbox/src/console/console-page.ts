import { html, raw, type SafeHtml } from '@crvs-mosip/contracts';
import type { ConsoleData } from './console-data.ts';
import { faultForm, faultSummary, quickActions } from './console-faults.ts';
import {
  deliveriesTable,
  finishedDeliveriesTable,
  identitiesTable,
  packetsTable,
  pipelineTable,
  subscriptionsTable,
} from './console-tables.ts';
import { when } from './format.ts';
import { CONSOLE_PATHS } from './paths.ts';

/** What `?applied=` may say after a post; anything else in the query is ignored, never echoed. */
export const FLASH_MESSAGES = {
  faults: 'Fault settings applied.',
  'outage-on': 'Outage started: every MOSIP endpoint answers 503 until it ends or you switch it off.',
  'outage-off': 'Outage switched off.',
  cleared: 'All faults cleared.',
} as const;
export type Flash = keyof typeof FLASH_MESSAGES;

export function isFlash(value: unknown): value is Flash {
  return typeof value === 'string' && Object.hasOwn(FLASH_MESSAGES, value);
}

export interface PageInput {
  data: ConsoleData;
  csrfToken: string;
  sandboxUrl: string;
  defaultTokenLifetime: number;
  flash: Flash | null;
}

/** The live section's content: served alone for `?fragment=live` and inlined in the full page. */
export function renderLive(data: ConsoleData, defaultTokenLifetime: number): SafeHtml {
  return html`<p class="muted">State at ${when(data.now, data.now)}.</p>
    <h3>Faults now</h3>
    ${faultSummary(data.faults, data.now, defaultTokenLifetime)} ${packetsTable(data)} ${pipelineTable(data)}
    ${identitiesTable(data)} ${subscriptionsTable(data)} ${deliveriesTable(data)}
    ${finishedDeliveriesTable(data)}`;
}

function layout(title: string, body: SafeHtml, withScript: boolean): SafeHtml {
  return html`${raw('<!doctype html>')}
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${title}</title>
        <link rel="stylesheet" href="${CONSOLE_PATHS.style}" />
        <link rel="icon" type="image/svg+xml" href="${CONSOLE_PATHS.icon}" />
        ${withScript ? html`<script src="${CONSOLE_PATHS.script}" defer></script>` : ''}
      </head>
      <body>
        ${body}
      </body>
    </html>`;
}

/** The whole console. Complete without JavaScript; the script only refreshes `#live-content`. */
export function renderPage(input: PageInput): SafeHtml {
  const { data, csrfToken, defaultTokenLifetime } = input;
  return layout(
    'MOSIP sandbox console',
    html`<a class="skip" href="#main">Skip to content</a>
      <header>
        <h1>MOSIP sandbox console</h1>
        <p class="muted">
          Sandbox at <code>${input.sandboxUrl}</code>: what it received and did, and its fault switches.
        </p>
        <nav aria-label="Sections">
          <ul>
            <li><a href="#switches">Demo switches</a></li>
            <li><a href="#live">Live state</a></li>
            <li><a href="#faults">Fault settings</a></li>
          </ul>
        </nav>
      </header>
      <main id="main">
        ${input.flash ? html`<p class="flash" role="status">${FLASH_MESSAGES[input.flash]}</p>` : ''}
        <section id="switches" aria-labelledby="switches-title">
          <h2 id="switches-title">Demo switches</h2>
          ${quickActions(csrfToken)}
        </section>
        <section id="live" aria-labelledby="live-title">
          <h2 id="live-title">Live state</h2>
          <div class="live-controls">
            <button id="live-pause" type="button" aria-pressed="false" hidden>Pause live refresh</button>
            <p id="live-status" role="status" class="muted">Reload the page to see new data.</p>
          </div>
          <div id="live-content">${renderLive(data, defaultTokenLifetime)}</div>
        </section>
        <section id="faults" aria-labelledby="faults-title">
          <h2 id="faults-title">Fault settings</h2>
          <p class="muted">
            The same settings as <code>PUT /sandbox/admin/faults</code>; applied to every MOSIP endpoint at
            once.
          </p>
          ${faultForm(csrfToken, data.faults, defaultTokenLifetime)}
        </section>
      </main>`,
    true,
  );
}

/** A refusal or validation error, with a way back (the console itself never shows these inline). */
export function renderMessagePage(title: string, message: string, details: readonly string[] = []): SafeHtml {
  return layout(
    `${title} · MOSIP sandbox console`,
    html`<main id="main">
      <h1>${title}</h1>
      <p>${message}</p>
      ${
        details.length > 0
          ? html`<ul>
              ${details.map((d) => html`<li>${d}</li>`)}
            </ul>`
          : ''
      }
      <p><a href="${CONSOLE_PATHS.page}">Back to the console</a></p>
    </main>`,
    false,
  );
}
