/**
 * `Double.valueOf(String)` and `Double.toString(double)` as the packet manager uses them for
 * `schemaVersion` (`"0.100"` → 0.1 → `"0.1"`; `"1"` → `"1.0"`), and as Jackson writes doubles.
 */

/** Java's `String.trim()`: strips every char up to U+0020 (controls included), nothing else. */
function javaTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && text.charCodeAt(start) <= 0x20) start++;
  while (end > start && text.charCodeAt(end - 1) <= 0x20) end--;
  return text.slice(start, end);
}

const DECIMAL = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const HEXADECIMAL = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)[fFdD]?$/;

/** The exception `Double.valueOf` throws, named after the Java class for logs. */
export class JavaNumberFormatError extends Error {
  override readonly name = 'java.lang.NumberFormatException';
}

/**
 * `Double.valueOf(String)` (`FloatingDecimal.readJavaFormatString`): trimmed; decimal or hexadecimal
 * notation, `NaN`, `Infinity`, an optional `f`/`d` suffix. `null` throws a TypeError (Java's NPE).
 */
export function javaParseDouble(text: string | null | undefined): number {
  if (text == null) throw new TypeError('java.lang.NullPointerException');
  const trimmed = javaTrim(text);
  const decimal = DECIMAL.exec(trimmed);
  if (decimal) return decimal[1] === 'NaN' ? Number.NaN : Number(trimmed.replace(/[fFdD]$/, ''));
  const hex = HEXADECIMAL.exec(trimmed);
  if (hex && (hex[2] || hex[3])) {
    const [, sign, whole = '', fraction = '', exponent = '0'] = hex;
    const mantissa = Number(BigInt(`0x${whole}${fraction}`));
    const value = mantissa * 2 ** (Number(exponent) - 4 * fraction.length);
    return sign === '-' ? -value : value;
  }
  throw new JavaNumberFormatError(`For input string: "${text}"`);
}

/**
 * `Double.toString(double)` (JDK 19+ shortest-digit rule, which JavaScript shares): plain notation with at
 * least one fractional digit for 10⁻³ ≤ |d| < 10⁷, otherwise `d.dddE±n`.
 */
export function javaDoubleToString(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Number.POSITIVE_INFINITY) return 'Infinity';
  if (value === Number.NEGATIVE_INFINITY) return '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  const [mantissa = '', exponentText = '0'] = magnitude.toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      return `${sign}${whole}.${digits.slice(exponent + 1) || '0'}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  return `${sign}${digits[0] ?? '0'}.${digits.slice(1) || '0'}E${exponent}`;
}
