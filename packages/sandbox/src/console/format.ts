import { html, type SafeHtml } from '@crvs-mosip/contracts';

/** `2025-02-25 11:07:33 UTC`: the sandbox, MOSIP and the logs all speak UTC, so the console does too. */
function utc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** "8 s ago" / "in 3 min": what a presenter reads at a glance. */
export function relative(ms: number, now: number): string {
  const seconds = Math.round((ms - now) / 1000);
  const abs = Math.abs(seconds);
  const amount =
    abs < 90
      ? `${abs} s`
      : abs < 90 * 60
        ? `${Math.round(abs / 60)} min`
        : abs < 36 * 3600
          ? `${Math.round(abs / 3600)} h`
          : `${Math.round(abs / 86_400)} d`;
  return seconds < 0 ? `${amount} ago` : seconds === 0 ? 'now' : `in ${amount}`;
}

/** A machine-readable `<time>` with the UTC instant and, beside it, how long ago (or until) it is. */
export function when(ms: number, now: number): SafeHtml {
  if (!Number.isFinite(ms) || ms <= 0) return html`<span class="muted">unknown</span>`;
  const iso = new Date(ms).toISOString();
  return html`<time datetime="${iso}">${utc(ms)}</time> <span class="muted">(${relative(ms, now)})</span>`;
}

/** "yes"/"no" in words, not only colour, so the flags read the same on any screen and to screen readers. */
export function flag(value: boolean, yes: string): SafeHtml {
  return value ? html`<span class="badge badge-warn">${yes}</span>` : html`<span class="muted">no</span>`;
}

export function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10} %`;
}
