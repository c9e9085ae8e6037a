import { html, type SafeHtml } from '@crvs-mosip/contracts';
import type { Registration } from '../store/registration.repository.ts';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from '../store/schema.ts';
import type { ListFilter } from './registration-filter.ts';
import { badge, formatTime } from './layout.ts';

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
