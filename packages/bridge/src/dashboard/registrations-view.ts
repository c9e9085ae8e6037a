import { html, type SafeHtml } from '@crvs-mosip/contracts';
import { z } from 'zod';
import type { Registration } from '../store/registration.repository.ts';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from '../store/schema.ts';
import { badge, formatTime } from './layout.ts';

const DAY = 86_400_000;
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The list's filters as the form sends them; empty fields mean "any". */
export const listFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  status: z.preprocess(blankToUndefined, z.enum(REGISTRATION_STATUSES).optional()),
  type: z.preprocess(blankToUndefined, z.enum(REGISTRATION_TYPES).optional()),
  from: z.preprocess(blankToUndefined, date.optional()),
  to: z.preprocess(blankToUndefined, date.optional()),
  order: z.preprocess(blankToUndefined, z.enum(['asc', 'desc']).optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});
export type ListFilter = z.infer<typeof listFilterSchema>;

/** The filter's dates as an epoch-ms range: `from` at 00:00 UTC, `to` inclusive (until the next midnight). */
export function dateRange(filter: ListFilter): { since?: number; until?: number } {
  return {
    ...(filter.from ? { since: Date.parse(`${filter.from}T00:00:00Z`) } : {}),
    ...(filter.to ? { until: Date.parse(`${filter.to}T00:00:00Z`) + DAY } : {}),
  };
}

function query(filter: ListFilter, changes: Partial<ListFilter>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...filter, ...changes })) {
    if (typeof v === 'string' && v !== '') params.set(k, v);
  }
  const s = params.toString();
  return s ? `/registrations?${s}` : '/registrations';
}

function filtersForm(filter: ListFilter): SafeHtml {
  const option = (value: string, selected: string | undefined) =>
    html`<option value="${value}" ${selected === value ? html`selected` : ''}>
      ${value.replace(/_/g, ' ')}
    </option>`;
  return html`<form class="filters" method="get" action="/registrations" role="search">
    <label for="q"
      >Request id, RID or UIN<input
        id="q"
        name="q"
        type="search"
        value="${filter.q ?? ''}"
        autocomplete="off"
    /></label>
    <label for="status"
      >Status<select id="status" name="status">
        <option value="">any</option>
        ${REGISTRATION_STATUSES.map((s) => option(s, filter.status))}
      </select></label
    >
    <label for="type"
      >Type<select id="type" name="type">
        <option value="">any</option>
        ${REGISTRATION_TYPES.map((t) => option(t, filter.type))}
      </select></label
    >
    <label for="from"
      >Accepted from<input id="from" name="from" type="date" value="${filter.from ?? ''}"
    /></label>
    <label for="to">to<input id="to" name="to" type="date" value="${filter.to ?? ''}" /></label>
    <label for="order"
      >Order<select id="order" name="order">
        ${option('desc', filter.order ?? 'desc')}${option('asc', filter.order)}
      </select></label
    >
    <button type="submit">Search</button>
    <a href="/registrations">Clear</a>
  </form>`;
}

/** The list page's body: filters, results and the link to the next page. */
export function registrationsBody(
  filter: ListFilter,
  items: Registration[],
  nextCursor: string | null,
  problem: string | null,
): SafeHtml {
  return html`${filtersForm(filter)} ${problem ? html`<p class="error" role="alert">${problem}</p>` : ''}
    <div class="scroll" tabindex="0">
      <table data-testid="registrations">
        <caption>
          ${items.length === 0 ? 'No registration matches.' : `${items.length} registration${items.length === 1 ? '' : 's'}${nextCursor ? ' (more on the next page)' : ''}`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Accepted</th>
            <th scope="col">Type</th>
            <th scope="col">Status</th>
            <th scope="col">Request id</th>
            <th scope="col">RID</th>
            <th scope="col" class="num">Attempts</th>
            <th scope="col">Last code</th>
          </tr>
        </thead>
        <tbody>
          ${items.map(
            (r) =>
              html`<tr>
                <td>${formatTime(r.createdAt)}</td>
                <td>${r.type}</td>
                <td>${badge(r.status)}</td>
                <td><a href="/registrations/${r.id}">${r.requestId}</a></td>
                <td><code>${r.rid}</code></td>
                <td class="num">${r.attempts}</td>
                <td>${r.lastCode ? html`<code>${r.lastCode}</code>` : '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>
    <nav aria-label="Pages">
      ${filter.cursor ? html`<a href="${query(filter, { cursor: '' })}">First page</a> ` : ''}
      ${nextCursor ? html`<a href="${query(filter, { cursor: nextCursor })}" rel="next">Next page →</a>` : ''}
    </nav>`;
}
