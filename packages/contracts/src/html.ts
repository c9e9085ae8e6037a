/**
 * Server-rendered HTML for the bridge's dashboard and the sandbox's console: a tagged template that escapes
 * every interpolated value unless it is itself a `SafeHtml` (a fragment built with `html`), so personal data
 * or MOSIP messages can never inject markup. Arrays are joined; `null`, `undefined` and `false` render nothing.
 */

const SAFE = Symbol('safe-html');

/** Markup that is already escaped (built with `html` or marked with `raw`). */
export interface SafeHtml {
  readonly [SAFE]: true;
  readonly value: string;
  toString(): string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for use in element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

function safe(value: string): SafeHtml {
  return { [SAFE]: true, value, toString: () => value };
}

/** Marks trusted markup (a vendored script tag, a constant) as safe. Never pass user input. */
export function raw(markup: string): SafeHtml {
  return safe(markup);
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && SAFE in value;
}

/** One interpolated value as markup. */
function render(value: unknown): string {
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (isSafe(value)) return value.value;
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return escapeHtml(JSON.stringify(value) ?? '');
}

/** `html\`<td>${name}</td>\`` → a SafeHtml with `name` escaped. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return safe(out);
}
