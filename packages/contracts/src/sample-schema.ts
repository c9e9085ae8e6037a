import { readFileSync } from 'node:fs';

/**
 * MOSIP's seed identity schema (mosip/admin-services `db_release_scripts/mosip_master/dml/
 * master-identity_schema.csv`, id 1001, id_version 0.1), kept as data in this package.
 */
export function loadMosipSampleIdSchema(): Record<string, unknown> {
  const url = new URL('../data/mosip-sample-id-schema.json', import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as Record<string, unknown>;
}
