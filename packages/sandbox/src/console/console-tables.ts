import { html, type SafeHtml } from '@crvs-mosip/contracts';
import type { ConsoleData, FinishedDeliveryRow, Recent } from './console-data.ts';
import { flag, when } from './format.ts';

/**
 * A semantic table in a horizontally scrolling region: phones scroll the table, not the page. The region
 * is focusable and labelled by the caption so keyboard users can scroll it too (WCAG 2.1.1).
 */
function table<T>(
  id: string,
  title: string,
  recent: Recent<T>,
  headers: readonly string[],
  row: (item: T) => SafeHtml,
  empty: string,
): SafeHtml {
  const shown =
    recent.total > recent.rows.length
      ? `(latest ${recent.rows.length} of ${recent.total})`
      : `(${recent.total})`;
  const body =
    recent.rows.length > 0
      ? recent.rows.map(row)
      : html`<tr>
          <td colspan="${headers.length}" class="muted">${empty}</td>
        </tr>`;
  return html`<div class="table-wrap" role="region" aria-labelledby="${id}-caption" tabindex="0">
    <table id="${id}">
      <caption id="${id}-caption">
        ${title}
        <span class="muted">${shown}</span>
      </caption>
      <thead>
        <tr>
          ${headers.map((h) => html`<th scope="col">${h}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${body}
      </tbody>
    </table>
  </div>`;
}

const code = (value: string | number | null | undefined): SafeHtml =>
  value == null || value === '' ? html`<span class="muted">—</span>` : html`<code>${value}</code>`;

export function packetsTable(data: ConsoleData): SafeHtml {
  return table(
    'packets',
    'Packets received',
    data.packets,
    ['RID', 'Source', 'Process', 'Subpackets', 'Received'],
    (p) =>
      html`<tr>
        <th scope="row">${code(p.rid)}</th>
        <td>${p.source || '—'}</td>
        <td>${p.process || '—'}</td>
        <td>${p.objects}</td>
        <td>${when(p.receivedAt, data.now)}</td>
      </tr>`,
    'No packet yet: create one with the bridge or PUT /commons/v1/packetmanager/createPacket.',
  );
}

export function pipelineTable(data: ConsoleData): SafeHtml {
  return table(
    'pipeline',
    'Registration processor pipeline',
    data.pipeline,
    [
      'RID',
      'Process',
      'Iteration',
      'Current stage',
      'Status code',
      'Last transaction',
      'Result',
      'UIN',
      'Updated',
    ],
    (r) =>
      html`<tr>
        <th scope="row">${code(r.rid)}</th>
        <td>${r.process}</td>
        <td>${r.iteration}</td>
        <td>${r.stage ?? html`<span class="muted">complete</span>`}</td>
        <td>${code(r.statusCode)}</td>
        <td>${r.lastTransaction}</td>
        <td>${resultBadge(r.resultCode)}</td>
        <td>${code(r.uin)}</td>
        <td>${when(r.updatedAt, data.now)}</td>
      </tr>`,
    'No workflow yet: POST /registrationprocessor/v1/workflowmanager/workflowinstance starts one.',
  );
}

function resultBadge(result: string | null): SafeHtml {
  if (result === null) return html`<span class="muted">in progress</span>`;
  const tone = result === 'PROCESSED' ? 'badge-ok' : 'badge-bad';
  return html`<span class="badge ${tone}">${result}</span>`;
}

export function identitiesTable(data: ConsoleData): SafeHtml {
  return table(
    'identities',
    'Identities (ID repository)',
    data.identities,
    ['UIN', 'Created by RID', 'Last RID', 'Status', 'Deceased', 'Updated', 'Changed'],
    (i) =>
      html`<tr>
        <th scope="row">${code(i.uin)}</th>
        <td>${code(i.createdByRid)}</td>
        <td>${i.lastRid === i.createdByRid ? html`<span class="muted">same</span>` : code(i.lastRid)}</td>
        <td>${i.status}</td>
        <td>${flag(i.deceased, 'deceased')}</td>
        <td>${flag(i.updated, 'updated')}</td>
        <td>${when(i.updatedAt, data.now)}</td>
      </tr>`,
    'No identity yet: a CRVS_NEW packet that passes the pipeline creates one.',
  );
}

export function subscriptionsTable(data: ConsoleData): SafeHtml {
  return table(
    'subscriptions',
    'WebSub subscriptions',
    data.subscriptions,
    ['Topic', 'Callback', 'Lease expires', 'State'],
    (s) =>
      html`<tr>
        <th scope="row" class="wrap">${s.topic}</th>
        <td class="wrap">${code(s.callback)}</td>
        <td>${when(s.expiresAt, data.now)}</td>
        <td>
          ${s.state === 'active' ? html`<span class="badge badge-ok">active</span>` : html`<span class="badge badge-bad">expired</span>`}
        </td>
      </tr>`,
    'No subscription: subscribers register with POST /hub (hub.mode=subscribe).',
  );
}

export function deliveriesTable(data: ConsoleData): SafeHtml {
  return table(
    'deliveries',
    'WebSub deliveries pending',
    data.deliveries,
    ['Topic', 'Callback', 'Attempts', 'Next attempt', 'Body'],
    (d) =>
      html`<tr>
        <th scope="row" class="wrap">${d.topic}</th>
        <td class="wrap">${code(d.callback)}</td>
        <td>
          ${d.attempts === 0 ? 'queued' : html`<span class="badge badge-warn">${d.attempts} failed</span>`}
          <span class="muted">of ${d.maxAttempts}</span>
        </td>
        <td>${when(d.dueAt, data.now)}</td>
        <td class="wrap"><code>${d.bodyStart}</code></td>
      </tr>`,
    'Nothing pending: the hub keeps a delivery only until it succeeds, gets 410 or runs out of retries.',
  );
}

/** The outcome in words and colour: words so it reads the same on any screen and to screen readers. */
function outcomeBadge(outcome: FinishedDeliveryRow['outcome']): SafeHtml {
  if (outcome === 'delivered') return html`<span class="badge badge-ok">delivered</span>`;
  if (outcome === 'gone') return html`<span class="badge badge-warn">gone (410, unsubscribed)</span>`;
  return html`<span class="badge badge-bad">gave up</span>`;
}

/** The event id and RID when the body had them, for matching a row to a registration. */
function eventCell(f: FinishedDeliveryRow): SafeHtml {
  if (f.eventId === null && f.rid === null) return html`<span class="muted">—</span>`;
  return html`${f.rid === null ? '' : html`RID ${code(f.rid)}`}
  ${f.eventId === null ? '' : html`event ${code(f.eventId)}`}`;
}

export function finishedDeliveriesTable(data: ConsoleData): SafeHtml {
  return table(
    'deliveries-finished',
    'WebSub deliveries finished',
    data.finishedDeliveries,
    ['Topic', 'Callback', 'Outcome', 'Attempts', 'Last HTTP status', 'Finished', 'Event id / RID'],
    (f) =>
      html`<tr>
        <th scope="row" class="wrap">${f.topic}</th>
        <td class="wrap">${code(f.callback)}</td>
        <td>${outcomeBadge(f.outcome)}</td>
        <td>${f.attempts}</td>
        <td class="wrap">
          ${f.lastStatus === null ? html`<span class="muted">${f.lastError ?? 'no answer'}</span>` : code(f.lastStatus)}
        </td>
        <td>${when(f.finishedAt, data.now)}</td>
        <td class="wrap">${eventCell(f)}</td>
      </tr>`,
    'Nothing finished yet: the hub logs the last 200 deliveries that were delivered, got 410 or gave up.',
  );
}
