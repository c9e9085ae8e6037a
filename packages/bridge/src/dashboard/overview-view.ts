import { html, type SafeHtml } from '@crvs-mosip/contracts';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES, TERMINAL_STATUSES } from '../store/schema.ts';
import { throughputChart } from './chart.ts';
import type { Overview } from './dashboard-data.ts';
import { badge, formatAge, formatTime } from './layout.ts';

const hhmm = (ms: number) => new Date(ms).toISOString().slice(11, 16);
const dayHour = (ms: number) => `${new Date(ms).toISOString().slice(5, 10)} ${hhmm(ms)}`;

function statusCards(o: Overview): SafeHtml {
  const inFlight = REGISTRATION_STATUSES.filter((s) => !(TERMINAL_STATUSES as readonly string[]).includes(s))
    .flatMap((s) => REGISTRATION_TYPES.map((t) => o.counts.byStatus[s][t]))
    .reduce((a, b) => a + b, 0);
  const undelivered = o.webhooks.pending + o.webhooks.running;
  return html`<div class="grid">
    <section class="card" aria-labelledby="c-total">
      <h2 id="c-total">Registrations</h2>
      <p class="big">${o.counts.total}</p>
      <p class="muted">
        ${inFlight} in flight ·
        ${o.counts.byStatus.failed.birth + o.counts.byStatus.failed.death + o.counts.byStatus.failed.update}
        failed
      </p>
    </section>
    <section class="card" aria-labelledby="c-mosip">
      <h2 id="c-mosip">MOSIP</h2>
      <p class="big ${o.mosip.reachable ? 'ok' : 'bad'}" data-testid="mosip-state">
        ${o.mosip.reachable ? 'reachable' : 'unreachable'}
      </p>
      <p class="muted">
        ${o.mosip.detail ? html`<code>${o.mosip.detail}</code>. ` : ''}
        ${o.mosip.pausedUntil ? html`Deliveries paused until ${formatTime(o.mosip.pausedUntil)}.` : 'Deliveries running.'}
      </p>
    </section>
    <section class="card" aria-labelledby="c-outbox">
      <h2 id="c-outbox">Outbox</h2>
      <p class="big">${o.outbox.pending + o.outbox.running}</p>
      <p class="muted">
        ${o.outbox.pending} pending · ${o.outbox.running} running · ${o.outbox.failed} failed · oldest waiting
        ${o.oldestPendingJobAgeMs === null ? '—' : formatAge(o.oldestPendingJobAgeMs)}
      </p>
    </section>
    <section class="card" aria-labelledby="c-credential">
      <h2 id="c-credential">Waiting for a credential</h2>
      <p class="big ${o.waitingForCredential.count ? 'warn' : ''}" data-testid="waiting-for-credential">
        ${o.waitingForCredential.count}
      </p>
      <p class="muted">
        births with a UIN from MOSIP but no credential after ${formatAge(o.waitingForCredential.afterMs)}
        ${
          o.waitingForCredential.oldestAgeMs === null
            ? ''
            : html`· oldest ${formatAge(o.waitingForCredential.oldestAgeMs)} ·
                <a href="/registrations?status=processed&amp;type=birth&amp;order=asc">see them</a>`
        }
      </p>
    </section>
    <section class="card" aria-labelledby="c-webhooks">
      <h2 id="c-webhooks">Webhooks to the CRVS</h2>
      <p class="big ${o.webhooks.failed ? 'bad' : ''}">${undelivered}</p>
      <p class="muted">
        undelivered · ${o.webhooks.failed} given up · oldest
        ${o.webhooks.oldestAt === null ? '—' : formatAge(o.now - o.webhooks.oldestAt)}
      </p>
    </section>
  </div>`;
}

function countsTable(o: Overview): SafeHtml {
  return html`<div class="scroll" tabindex="0">
    <table>
      <caption>
        Registrations by status and type
      </caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          ${REGISTRATION_TYPES.map((t) => html`<th scope="col" class="num">${t}</th>`)}
          <th scope="col" class="num">all</th>
        </tr>
      </thead>
      <tbody>
        ${REGISTRATION_STATUSES.map((s) => {
          const row = o.counts.byStatus[s];
          const all = REGISTRATION_TYPES.reduce((a, t) => a + row[t], 0);
          return html`<tr>
            <th scope="row"><a href="/registrations?status=${s}">${badge(s)}</a></th>
            ${REGISTRATION_TYPES.map((t) => html`<td class="num">${row[t] ? html`<a href="/registrations?status=${s}&amp;type=${t}">${row[t]}</a>` : '0'}</td>`)}
            <td class="num">${all}</td>
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function stuckTable(o: Overview): SafeHtml {
  if (o.oldest.length === 0) return html`<p class="muted">Nothing in flight.</p>`;
  return html`<div class="scroll" tabindex="0">
    <table>
      <caption>
        Oldest registration in each non-terminal status (time since its last change)
      </caption>
      <thead>
        <tr>
          <th scope="col">Status</th>
          <th scope="col" class="num">Waiting for</th>
        </tr>
      </thead>
      <tbody>
        ${o.oldest.map(
          (x) =>
            html`<tr>
              <th scope="row">
                <a href="/registrations?status=${x.status}&amp;order=asc">${badge(x.status)}</a>
              </th>
              <td class="num">${formatAge(x.ageMs)}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function failuresTable(o: Overview): SafeHtml {
  if (o.failures.length === 0) return html`<p class="muted">No failures.</p>`;
  return html`<div class="scroll" tabindex="0">
    <table data-testid="failures">
      <caption>
        Failures by MOSIP or bridge code (failed, rejected, or retrying after an error)
      </caption>
      <thead>
        <tr>
          <th scope="col">Code</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Registrations</th>
          <th scope="col">What it means</th>
        </tr>
      </thead>
      <tbody>
        ${o.failures.map(
          (f) =>
            html`<tr>
              <td><code>${f.code}</code></td>
              <td>
                ${f.status === 'retrying' ? badge('retrying') : html`<a href="/registrations?status=${f.status}">${badge(f.status)}</a>`}
              </td>
              <td class="num">${f.count}</td>
              <td>${f.meaning}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function connections(o: Overview): SafeHtml {
  return html`<div class="grid">
    <section class="card" aria-labelledby="c-tokens">
      <h2 id="c-tokens">MOSIP tokens</h2>
      <div class="scroll" tabindex="0">
        <table data-testid="tokens">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Held</th>
              <th scope="col">Expires</th>
              <th scope="col">Last failure</th>
            </tr>
          </thead>
          <tbody>
            ${o.mosip.tokens.map(
              (t) =>
                html`<tr>
                  <td>${t.client}</td>
                  <td>${t.state.held ? html`<span class="ok">yes</span>` : 'no'}</td>
                  <td>
                    ${t.state.expiresAtMs === null ? '—' : html`${formatTime(t.state.expiresAtMs)} <span class="muted">(refresh ${formatTime(t.state.refreshAtMs)})</span>`}
                  </td>
                  <td>
                    ${t.state.lastFailure ? html`<span class="bad"><code>${t.state.lastFailure.code}</code> at ${formatTime(t.state.lastFailure.atMs)}</span>` : '—'}
                  </td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>
    <section class="card" aria-labelledby="c-websub">
      <h2 id="c-websub">WebSub (national IDs coming back)</h2>
      ${
        o.websub === null
          ? html`<p class="muted">Not configured: outcomes are found by polling MOSIP only.</p>`
          : html`<div class="scroll" tabindex="0">
              <table data-testid="websub">
                <thead>
                  <tr>
                    <th scope="col">Topic</th>
                    <th scope="col">State</th>
                    <th scope="col">Lease expires</th>
                    <th scope="col">Last delivery</th>
                  </tr>
                </thead>
                <tbody>
                  ${o.websub.map(
                    (t) =>
                      html`<tr>
                        <td><code>${t.topic}</code></td>
                        <td>
                          ${badge(t.state)}${t.detail ? html` <span class="muted">${t.detail}</span>` : ''}
                        </td>
                        <td>${t.leaseExpiresAt ?? '—'}</td>
                        <td>${t.lastDeliveryAt ?? '—'}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
    </section>
  </div>`;
}

/**
 * The live part of the overview; htmx swaps it every 5 s (`GET /?fragment=live`). Without JavaScript the
 * page shows the same content once, and reloading refreshes it.
 */
export function overviewLive(o: Overview): SafeHtml {
  return html`<div id="live" hx-get="/?fragment=live" hx-trigger="every 5s" hx-swap="outerHTML">
    <p class="muted" role="status">As of ${formatTime(o.now)} · refreshes every 5 s</p>
    ${statusCards(o)}
    <h2>Throughput</h2>
    <div class="grid">
      <section class="card" aria-label="Per minute, last hour">
        ${throughputChart('Per minute, last hour', o.perMinute, hhmm)}
      </section>
      <section class="card" aria-label="Per hour, last day">
        ${throughputChart('Per hour, last 24 hours', o.perHour, dayHour)}
      </section>
    </div>
    <h2>Where registrations are</h2>
    <div class="grid">
      <section class="card">${countsTable(o)}</section>
      <section class="card">${stuckTable(o)}</section>
    </div>
    <h2>Failures</h2>
    ${failuresTable(o)}
    <h2>Connections</h2>
    ${connections(o)}
  </div>`;
}
