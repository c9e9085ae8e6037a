import { html, type SafeHtml } from '@crvs-mosip/contracts';
import type { ThroughputBucket } from '../store/stats.repository.ts';

/**
 * A throughput chart as inline SVG (no chart library, nothing to load): per bucket, a bar of registrations
 * accepted and beside it the finished ones (succeeded stacked on failed). The same numbers follow in a table
 * inside <details>, for screen readers and for copying.
 */
export function throughputChart(
  label: string,
  buckets: ThroughputBucket[],
  tick: (start: number) => string,
): SafeHtml {
  const width = 600;
  const height = 150;
  const top = 8;
  const bottom = 18;
  const plot = height - top - bottom;
  const max = Math.max(1, ...buckets.map((b) => Math.max(b.accepted, b.succeeded + b.failed)));
  const slot = width / Math.max(1, buckets.length);
  const bar = Math.max(1, slot / 2 - 1);
  const y = (n: number) => top + plot - (n / max) * plot;
  const h = (n: number) => (n / max) * plot;
  const totals = buckets.reduce(
    (t, b) => ({
      accepted: t.accepted + b.accepted,
      succeeded: t.succeeded + b.succeeded,
      failed: t.failed + b.failed,
    }),
    { accepted: 0, succeeded: 0, failed: 0 },
  );
  const ticks = [0, Math.floor(buckets.length / 2), buckets.length - 1].filter(
    (i, k, a) => a.indexOf(i) === k,
  );
  return html`<figure>
    <svg
      class="chart"
      viewBox="0 0 ${width} ${height}"
      role="img"
      aria-label="${label}: ${totals.accepted} accepted, ${totals.succeeded} succeeded, ${totals.failed} failed"
    >
      <title>${label}</title>
      <line x1="0" y1="${top + plot}" x2="${width}" y2="${top + plot}" stroke="#d0d7de" />
      ${buckets.map((b, i) => {
        const x = i * slot;
        return html`<g>
          <title>
            ${tick(b.start)}: ${b.accepted} accepted, ${b.succeeded} succeeded, ${b.failed} failed
          </title>
          ${b.accepted ? html`<rect class="accepted" x="${x.toFixed(1)}" y="${y(b.accepted).toFixed(1)}" width="${bar.toFixed(1)}" height="${h(b.accepted).toFixed(1)}" />` : ''}
          ${b.failed ? html`<rect class="failed" x="${(x + bar).toFixed(1)}" y="${y(b.failed).toFixed(1)}" width="${bar.toFixed(1)}" height="${h(b.failed).toFixed(1)}" />` : ''}
          ${b.succeeded ? html`<rect class="succeeded" x="${(x + bar).toFixed(1)}" y="${y(b.failed + b.succeeded).toFixed(1)}" width="${bar.toFixed(1)}" height="${h(b.succeeded).toFixed(1)}" />` : ''}
        </g>`;
      })}
      ${ticks.map((i, k) => {
        const b = buckets[i];
        const anchor = k === 0 ? 'start' : k === ticks.length - 1 ? 'end' : 'middle';
        const x = anchor === 'end' ? width : anchor === 'start' ? 0 : (i + 0.5) * slot;
        return b
          ? html`<text x="${x.toFixed(1)}" y="${height - 4}" text-anchor="${anchor}">${tick(b.start)}</text>`
          : '';
      })}
      <text x="2" y="${top + 8}">max ${max}</text>
    </svg>
    <figcaption class="legend">
      <span><span class="dot accepted"></span>accepted ${totals.accepted}</span>
      <span><span class="dot succeeded"></span>succeeded ${totals.succeeded}</span>
      <span><span class="dot failed"></span>failed or rejected ${totals.failed}</span>
    </figcaption>
    <details>
      <summary>${label} as a table</summary>
      <div class="scroll" tabindex="0">
        <table>
          <thead>
            <tr>
              <th scope="col">From</th>
              <th scope="col" class="num">Accepted</th>
              <th scope="col" class="num">Succeeded</th>
              <th scope="col" class="num">Failed</th>
            </tr>
          </thead>
          <tbody>
            ${buckets
              .filter((b) => b.accepted || b.succeeded || b.failed)
              .map(
                (b) =>
                  html`<tr>
                    <td>${tick(b.start)}</td>
                    <td class="num">${b.accepted}</td>
                    <td class="num">${b.succeeded}</td>
                    <td class="num">${b.failed}</td>
                  </tr>`,
              )}
          </tbody>
        </table>
      </div>
    </details>
  </figure>`;
}
