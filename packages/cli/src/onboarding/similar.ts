/**
 * Close matches for a name that was not found: MOSIP has no lookup of a centre or machine by name, so
 * onboarding lists them all and, when the configured name is absent, suggests the names an operator most
 * likely meant (case-insensitive containment either way, or a small edit distance).
 */

/** Levenshtein distance (insert, delete, substitute; cost 1 each). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

const normalise = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Names close to `wanted`, best first (at most `limit`).
 * @param wanted - the configured name
 * @param names - every name MOSIP returned
 */
export function closeMatches(wanted: string, names: readonly string[], limit = 5): string[] {
  const w = normalise(wanted);
  const tolerance = Math.max(2, Math.floor(w.length / 3));
  const scored: { name: string; score: number }[] = [];
  for (const name of new Set(names)) {
    const n = normalise(name);
    if (n === '') continue;
    const distance = editDistance(w, n);
    const contains = n.includes(w) || w.includes(n);
    if (contains || distance <= tolerance) scored.push({ name, score: contains ? distance / 2 : distance });
  }
  return scored
    .sort((x, y) => x.score - y.score || x.name.localeCompare(y.name))
    .slice(0, limit)
    .map((s) => s.name);
}

/** Whether two names denote the same record (MOSIP compares names as entered; we forgive case and spaces). */
export function sameName(a: string, b: string): boolean {
  return normalise(a) === normalise(b);
}
