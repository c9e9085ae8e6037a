import { html, type SafeHtml } from '@crvs-mosip/contracts';
import { ENDPOINTS, type FaultSettings } from '../faults/faults.ts';
import { DEFAULT_OUTAGE_MINUTES, FAULT_FIELDS } from './fault-form.ts';
import { percent, when } from './format.ts';
import { CONSOLE_PATHS } from './paths.ts';

/** Where the outage window stands now; the demo's most visible switch, so it gets a badge. */
function outageState(faults: FaultSettings, now: number): SafeHtml {
  if (!faults.outage) return html`<span class="muted">none</span>`;
  const from = Date.parse(faults.outage.from);
  const until = Date.parse(faults.outage.until);
  if (now < from) return html`<span class="badge badge-warn">scheduled</span> from ${when(from, now)}`;
  if (now < until) {
    return html`<span class="badge badge-bad">OUTAGE: every MOSIP endpoint answers 503</span> until
      ${when(until, now)}`;
  }
  return html`<span class="muted">ended</span> ${when(until, now)}`;
}

/** The current settings in words (part of the live section, so a change made through the API shows up). */
export function faultSummary(faults: FaultSettings, now: number, defaultTokenLifetime: number): SafeHtml {
  const perEndpoint = Object.entries(faults.latencyByEndpoint).map(([e, ms]) => `${e} +${ms} ms`);
  const lifetime =
    faults.tokenLifetimeSeconds != null
      ? `${faults.tokenLifetimeSeconds} s`
      : `default (${defaultTokenLifetime} s)`;
  return html`<dl class="summary">
    <div>
      <dt>Outage</dt>
      <dd>${outageState(faults, now)}</dd>
    </div>
    <div>
      <dt>Latency</dt>
      <dd>${faults.latencyMs} ms${perEndpoint.length > 0 ? ` (${perEndpoint.join(', ')})` : ''}</dd>
    </div>
    <div>
      <dt>HTTP 500 rate</dt>
      <dd>${percent(faults.errorRate)}</dd>
    </div>
    <div>
      <dt>HTTP 200 + errors[] rate</dt>
      <dd>${percent(faults.errors200Rate)}</dd>
    </div>
    <div>
      <dt>Error rates apply to</dt>
      <dd>${faults.errorEndpoints.length > 0 ? faults.errorEndpoints.join(', ') : 'all endpoints'}</dd>
    </div>
    <div>
      <dt>Token lifetime</dt>
      <dd>${lifetime}</dd>
    </div>
  </dl>`;
}

const csrfField = (token: string) => html`<input type="hidden" name="csrf" value="${token}" />`;

/** One-click demo switches; each is its own small form so it works without JavaScript. */
export function quickActions(token: string): SafeHtml {
  return html`<div class="actions">
    <form method="post" action="${CONSOLE_PATHS.outageOn}" class="inline">
      ${csrfField(token)}
      <label for="quick-minutes">Outage length (minutes)</label>
      <input
        id="quick-minutes"
        name="${FAULT_FIELDS.outageMinutes}"
        type="number"
        min="1"
        max="1440"
        step="1"
        inputmode="numeric"
        value="${DEFAULT_OUTAGE_MINUTES}"
      />
      <button type="submit" class="danger">Outage on</button>
    </form>
    <form method="post" action="${CONSOLE_PATHS.outageOff}" class="inline">
      ${csrfField(token)}
      <button type="submit">Outage off</button>
    </form>
    <form method="post" action="${CONSOLE_PATHS.clearFaults}" class="inline">
      ${csrfField(token)}
      <button type="submit">Clear all faults</button>
    </form>
  </div>`;
}

function numberField(
  id: string,
  name: string,
  label: string,
  value: number | null | undefined,
  attrs: { min: number; max: number; step: number | 'any' },
  hint?: string,
): SafeHtml {
  return html`<div class="field">
    <label for="${id}">${label}</label>
    <input
      id="${id}"
      name="${name}"
      type="number"
      min="${attrs.min}"
      max="${attrs.max}"
      step="${attrs.step}"
      value="${value ?? ''}"
      ${hint ? html` aria-describedby="${id}-hint"` : ''}
    />
    ${hint ? html`<span id="${id}-hint" class="hint">${hint}</span>` : ''}
  </div>`;
}

/**
 * Every field of `faultSettingsSchema`, prefilled with the current settings. It is outside the live section
 * and never re-rendered by the refresh script, so typing here is not interrupted.
 */
export function faultForm(token: string, faults: FaultSettings, defaultTokenLifetime: number): SafeHtml {
  const f = FAULT_FIELDS;
  return html`<form method="post" action="${CONSOLE_PATHS.faults}" class="fault-form">
    ${csrfField(token)}
    ${numberField('f-latency', f.latencyMs, 'Latency on every MOSIP endpoint (ms)', faults.latencyMs, { min: 0, max: 120_000, step: 1 })}
    <fieldset>
      <legend>Extra latency per endpoint (ms; empty = none)</legend>
      <div class="grid">
        ${ENDPOINTS.map((e) =>
          numberField(`f-latency-${e}`, f.latencyFor(e), e, faults.latencyByEndpoint[e], {
            min: 0,
            max: 120_000,
            step: 1,
          }),
        )}
      </div>
    </fieldset>
    ${numberField('f-error-rate', f.errorRate, 'HTTP 500 rate (0 to 1)', faults.errorRate, { min: 0, max: 1, step: 'any' }, '0.1 = one request in ten fails with HTTP 500.')}
    ${numberField('f-errors200-rate', f.errors200Rate, 'HTTP 200 with errors[] rate (0 to 1)', faults.errors200Rate, { min: 0, max: 1, step: 'any' }, 'A retryable MOSIP business error in an HTTP 200 answer.')}
    <fieldset>
      <legend>Error rates apply to (none checked = all endpoints)</legend>
      <div class="grid">
        ${ENDPOINTS.map(
          (e) =>
            html`<div class="check">
              <input
                id="f-endpoint-${e}"
                type="checkbox"
                name="${f.errorEndpoints}"
                value="${e}"
                ${faults.errorEndpoints.includes(e) ? html` checked` : ''}
              />
              <label for="f-endpoint-${e}">${e}</label>
            </div>`,
        )}
      </div>
    </fieldset>
    <fieldset>
      <legend>Outage window (every MOSIP endpoint answers 503 inside it)</legend>
      <p id="f-outage-hint" class="hint">
        UTC instants such as 2025-01-31T09:00:00Z; both empty = no outage.
      </p>
      <div class="field">
        <label for="f-outage-from">From</label>
        <input
          id="f-outage-from"
          name="${f.outageFrom}"
          type="text"
          inputmode="text"
          autocomplete="off"
          spellcheck="false"
          value="${faults.outage?.from ?? ''}"
          aria-describedby="f-outage-hint"
        />
      </div>
      <div class="field">
        <label for="f-outage-until">Until</label>
        <input
          id="f-outage-until"
          name="${f.outageUntil}"
          type="text"
          inputmode="text"
          autocomplete="off"
          spellcheck="false"
          value="${faults.outage?.until ?? ''}"
          aria-describedby="f-outage-hint"
        />
      </div>
    </fieldset>
    ${numberField('f-token-lifetime', f.tokenLifetimeSeconds, 'Access token lifetime (seconds)', faults.tokenLifetimeSeconds, { min: 1, max: 86_400, step: 1 }, `Empty = the configured default (${defaultTokenLifetime} s).`)}
    <button type="submit">Apply fault settings</button>
  </form>`;
}
