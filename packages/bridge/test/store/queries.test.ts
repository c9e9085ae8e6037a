import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, UPDATE_SQL, renderQueries, repositoryMethods } from '../support/query-catalogue.ts';
import { DIALECTS } from '../support/test-database.ts';

const QUERIES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../src/store/queries');

describe('reviewable SQL', () => {
  it('should list every repository method in the query catalogue', () => {
    expect(Object.keys(CATALOGUE).sort()).toEqual(repositoryMethods().sort());
  });

  it.each(DIALECTS)('should match the checked-in src/store/queries/%s.sql', async (dialect) => {
    const file = join(QUERIES_DIR, `${dialect}.sql`);
    const rendered = await renderQueries(dialect);
    if (UPDATE_SQL) {
      mkdirSync(QUERIES_DIR, { recursive: true });
      writeFileSync(file, rendered);
    }
    const stored = existsSync(file) ? readFileSync(file, 'utf8') : '';
    expect(
      rendered,
      'SQL changed: review it, then run CRVS_MOSIP_UPDATE_SQL=1 npx vitest run packages/bridge/test/store/queries.test.ts',
    ).toBe(stored);
  });
});
