import { html, type SafeHtml } from '@crvs-mosip/contracts';
import { SECRET_KEYS, type BridgeConfig } from '../config.ts';
import { badge, formatTime } from './layout.ts';

/** One live health check, as `crvs-mosip doctor` prints it: pass, fail (with code and remedy) or not checked. */
export interface HealthCheckRow {
  check: string;
  status: 'pass' | 'fail' | 'skip';
  detail: string;
  code?: string;
  fix?: string;
}

/** Runs the deployment checks; the CLI supplies `crvs-mosip doctor`'s (the bridge cannot import the CLI). */
export type HealthCheckRunner = () => Promise<HealthCheckRow[]>;

/** Settings shown on the page: every key except secrets, which show only whether they are set. */
export function visibleSettings(config: BridgeConfig): { key: string; value: string }[] {
  return Object.entries(config)
    .filter(([key]) => /^[A-Z][A-Z0-9_]*$/.test(key))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, value]) => ({
      key,
      value: (SECRET_KEYS as readonly string[]).includes(key)
        ? value
          ? '(set, hidden)'
          : '(not set)'
        : value === undefined || value === null || value === ''
          ? '(not set)'
          : typeof value === 'object'
            ? JSON.stringify(value)
            : String(value as string | number | boolean),
    }));
}

function checksTable(rows: HealthCheckRow[] | null, ranAt: number, error: string | null): SafeHtml {
  if (error) return html`<p class="error" role="alert">The checks could not run: ${error}</p>`;
  if (rows === null) {
    return html`<p class="muted">
      Live checks are available when the bridge runs under <code>crvs-mosip serve</code> or
      <code>crvs-mosip up</code>; run <code>crvs-mosip doctor</code> meanwhile.
    </p>`;
  }
  const failed = rows.filter((r) => r.status === 'fail').length;
  return html`<p role="status" class="${failed ? 'bad' : 'ok'}" data-testid="doctor-summary">
      ${rows.length - failed - rows.filter((r) => r.status === 'skip').length} passed, ${failed} failed,
      ${rows.filter((r) => r.status === 'skip').length} not checked · ran at ${formatTime(ranAt)}
    </p>
    <div class="scroll" tabindex="0">
      <table data-testid="doctor">
        <caption>
          Deployment checks (the same as
          <code>crvs-mosip doctor</code
          >)
        </caption>
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Detail</th>
            <th scope="col">Remedy</th>
          </tr>
        </thead>
        <tbody>
          ${rows.map(
            (r) =>
              html`<tr>
                <td>${r.check}</td>
                <td>${badge(r.status)}${r.code ? html` <code>${r.code}</code>` : ''}</td>
                <td>${r.detail}</td>
                <td>${r.fix ?? '—'}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
}

export function settingsBody(
  checks: { rows: HealthCheckRow[] | null; ranAt: number; error: string | null },
  settings: { key: string; value: string }[],
): SafeHtml {
  return html`<section aria-labelledby="h-checks">
      <h2 id="h-checks">Health</h2>
      <p><a href="/settings">Run the checks again</a></p>
      ${checksTable(checks.rows, checks.ranAt, checks.error)}
    </section>
    <section aria-labelledby="h-settings">
      <h2 id="h-settings">Configuration</h2>
      <p class="muted">
        As parsed at start (environment <code>CRVS_MOSIP_*</code> or the configuration file); secrets are
        never shown.
      </p>
      <div class="scroll" tabindex="0">
        <table>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            ${settings.map(
              (s) =>
                html`<tr>
                  <th scope="row"><code>${s.key}</code></th>
                  <td class="mono">${s.value}</td>
                </tr>`,
            )}
          </tbody>
        </table>
      </div>
    </section>`;
}
