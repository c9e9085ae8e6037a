import { html, type SafeHtml } from '@crvs-mosip/contracts';
import type { RegistrationEvent } from '../store/event.repository.ts';
import type { OutboxJob } from '../store/outbox.repository.ts';
import type { Registration } from '../store/registration.repository.ts';
import type { WebhookAttempt } from '../store/webhook-attempt.repository.ts';
import { describeJob } from './operator-actions.ts';
import { badge, csrfField, formatAge, formatTime, page, type PageContext } from './layout.ts';
import type { PacketRow, PacketView } from './packet-view.ts';

export interface DetailData {
  registration: Registration;
  events: RegistrationEvent[];
  jobs: OutboxJob[];
  attempts: WebhookAttempt[];
  /** The packet request (masked unless revealed), or null once purged. */
  packet: PacketView | null;
  waitingForCredentialMs: number | null;
  now: number;
}

export interface Viewer {
  canOperate: boolean;
  csrf: string;
}

const action = (path: string, label: string, viewer: Viewer, style = '') =>
  html`<form class="inline" method="post" action="${path}">
    ${csrfField(viewer.csrf)}<button type="submit" class="${style}">${label}</button>
  </form>`;

function facts(d: DetailData): SafeHtml {
  const r = d.registration;
  return html`<dl class="facts">
    <dt>Status</dt>
    <dd data-testid="status">${badge(r.status)}</dd>
    <dt>Type / process</dt>
    <dd>${r.type} / <code>${r.process}</code></dd>
    <dt>Request id</dt>
    <dd><code>${r.requestId}</code></dd>
    <dt>RID</dt>
    <dd><code>${r.rid}</code></dd>
    <dt>UIN</dt>
    <dd data-testid="uin">${r.uin ? html`<code>${r.uin}</code>` : '—'}</dd>
    <dt>Attempts</dt>
    <dd>${r.attempts}</dd>
    <dt>Last code</dt>
    <dd>${r.lastCode ? html`<code>${r.lastCode}</code> ${r.lastMessage ?? ''}` : '—'}</dd>
    <dt>Accepted</dt>
    <dd>${formatTime(r.createdAt)}</dd>
    <dt>Last change</dt>
    <dd>${formatTime(r.updatedAt)} (${formatAge(d.now - r.updatedAt)} ago)</dd>
    ${
      d.waitingForCredentialMs !== null
        ? html`<dt>Credential</dt>
            <dd class="warn">
              UIN generated, credential not received for ${formatAge(d.waitingForCredentialMs)}; the tracker
              keeps checking MOSIP.
            </dd>`
        : ''
    }
  </dl>`;
}

function timeline(events: RegistrationEvent[]): SafeHtml {
  return html`<div class="scroll" tabindex="0">
    <table data-testid="timeline">
      <caption>
        Timeline
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Change</th>
          <th scope="col">By</th>
          <th scope="col">Code</th>
          <th scope="col">Message</th>
        </tr>
      </thead>
      <tbody>
        ${events.map(
          (e) =>
            html`<tr>
              <td>${formatTime(e.at)}</td>
              <td>
                ${e.fromStatus === e.toStatus ? html`<span class="muted">note</span>` : html`${e.fromStatus ? html`${badge(e.fromStatus)} → ` : ''}${badge(e.toStatus)}`}
              </td>
              <td>${e.actor}</td>
              <td>${e.code ? html`<code>${e.code}</code>` : '—'}</td>
              <td>${e.message ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

function jobsTable(d: DetailData, viewer: Viewer): SafeHtml {
  const base = `/registrations/${d.registration.id}`;
  return html`<div class="scroll" tabindex="0">
    <table data-testid="jobs">
      <caption>
        Work queued for this registration (deliveries to MOSIP, tracking, webhooks to the CRVS)
      </caption>
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Status</th>
          <th scope="col" class="num">Attempts</th>
          <th scope="col">Next attempt</th>
          <th scope="col">Last error</th>
          ${viewer.canOperate ? html`<th scope="col">Actions</th>` : ''}
        </tr>
      </thead>
      <tbody>
        ${d.jobs.map((j) => {
          const isWebhook = j.kind === 'notify';
          const actions = !isWebhook
            ? ''
            : [
                j.status === 'failed' || j.status === 'cancelled'
                  ? action(`${base}/deliveries/${j.id}/retry`, 'Retry delivery', viewer)
                  : '',
                j.status === 'pending' || j.status === 'running' || j.status === 'failed'
                  ? action(`${base}/deliveries/${j.id}/cancel`, 'Cancel delivery', viewer, 'danger')
                  : '',
              ];
          return html`<tr>
            <td>${j.kind}${isWebhook ? html` <span class="muted">${describeJob(j)}</span>` : ''}</td>
            <td>${badge(j.status)}</td>
            <td class="num">${j.attempts} / ${j.maxAttempts}</td>
            <td>
              ${j.status === 'pending' ? html`${formatTime(j.nextAttemptAt)}${j.nextAttemptAt > d.now ? html` <span class="muted">(in ${formatAge(j.nextAttemptAt - d.now)})</span>` : ''}` : '—'}
            </td>
            <td>${j.lastError ? html`<code>${j.lastError}</code>` : '—'}</td>
            ${viewer.canOperate ? html`<td>${actions}</td>` : ''}
          </tr>`;
        })}
      </tbody>
    </table>
  </div>`;
}

function deliveriesTable(attempts: WebhookAttempt[]): SafeHtml {
  if (attempts.length === 0) return html`<p class="muted">No webhook sent for this registration yet.</p>`;
  return html`<div class="scroll" tabindex="0">
    <table data-testid="deliveries">
      <caption>
        Webhook deliveries to the CRVS, one row per try
      </caption>
      <thead>
        <tr>
          <th scope="col">Time</th>
          <th scope="col">Event</th>
          <th scope="col">Subscriber</th>
          <th scope="col" class="num">Try</th>
          <th scope="col">HTTP status</th>
          <th scope="col">Error</th>
        </tr>
      </thead>
      <tbody>
        ${attempts.map(
          (a) =>
            html`<tr>
              <td>${formatTime(a.at)}</td>
              <td><code>${a.event}</code></td>
              <td>${a.subscriber}</td>
              <td class="num">${a.attempt}</td>
              <td class="${a.statusCode !== null && a.statusCode < 300 ? 'ok' : 'bad'}">
                ${a.statusCode ?? 'no answer'}
              </td>
              <td>${a.error ?? '—'}</td>
            </tr>`,
        )}
      </tbody>
    </table>
  </div>`;
}

const rows = (caption: string, items: PacketRow[]) =>
  items.length === 0
    ? ''
    : html`<div class="scroll" tabindex="0">
        <table>
          <caption>
            ${caption}
          </caption>
          <tbody>
            ${items.map(
              (f) =>
                html`<tr>
                  <th scope="row"><code>${f.name}</code></th>
                  <td class="mono">${f.value}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>`;

function packetSection(d: DetailData, viewer: Viewer): SafeHtml {
  if (!d.packet) return html`<p class="muted">The packet request was erased after the retention period.</p>`;
  const p = d.packet;
  return html`<section aria-labelledby="packet" data-testid="packet">
    <h2 id="packet">
      Packet request as sent to MOSIP
      ${p.revealed ? html`<span class="badge warn">unmasked</span>` : html`<span class="badge">personal data masked</span>`}
    </h2>
    ${
      !p.revealed && viewer.canOperate
        ? html`<p>
            ${action(`/registrations/${d.registration.id}/reveal`, 'Reveal personal data (recorded in the timeline)', viewer, 'secondary')}
          </p>`
        : ''
    }
    ${rows('Packet', p.header)} ${rows('Fields', p.fields)} ${rows('Documents', p.documents)}
    ${rows('metaInfo', p.metaInfo)}
  </section>`;
}

/** The part of the detail page htmx refreshes every 3 s (status, timeline, jobs, deliveries). */
export function detailLive(d: DetailData, viewer: Viewer): SafeHtml {
  const r = d.registration;
  return html`<div
    id="live"
    hx-get="/registrations/${r.id}?fragment=live"
    hx-trigger="every 3s"
    hx-swap="outerHTML"
  >
    ${facts(d)}
    ${
      viewer.canOperate && r.status === 'failed'
        ? html`<p>${action(`/registrations/${r.id}/retry`, 'Retry registration', viewer)}</p>`
        : ''
    }
    ${timeline(d.events)}
    <h2>Queue</h2>
    ${jobsTable(d, viewer)}
    <h2>Webhooks</h2>
    ${deliveriesTable(d.attempts)}
  </div>`;
}

/** The registration's page: its title, then the live part and the packet. */
export function detailPage(d: DetailData, viewer: Viewer, context: PageContext): string {
  return page(`${d.registration.type} ${d.registration.requestId}`, context, detailBody(d, viewer));
}

export function detailBody(d: DetailData, viewer: Viewer): SafeHtml {
  return html`<p><a href="/registrations">← All registrations</a></p>
    ${detailLive(d, viewer)} ${packetSection(d, viewer)}`;
}
