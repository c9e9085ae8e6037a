import { readFileSync } from 'node:fs';
import { parseIdSchema, type IdSchema } from '@crvs-mosip/contracts';
import type { EncodeSettings } from './encode-registration.ts';
import type { RegistrationRequest } from './registration-request.ts';

/**
 * Test data for the encoding tests: the sandbox's ID schema (MOSIP's seed schema plus the CRVS fields), read
 * as a file so that the bridge never imports the sandbox.
 */

/** The sandbox schema as JSON text (what `schemaJson` carries). */
export function sandboxSchemaJson(): string {
  return readFileSync(new URL('../../../sandbox/data/sandbox-id-schema.json', import.meta.url), 'utf8');
}

/** The parsed sandbox schema. */
export function sandboxSchema(): IdSchema {
  return parseIdSchema(sandboxSchemaJson());
}

/** The parts of the schema JSON tests change. */
export interface RawSchema {
  definitions: Record<string, { properties: Record<string, unknown> }>;
  properties: { identity: { required: string[]; properties: Record<string, Record<string, unknown>> } };
}

/** The sandbox schema after an edit of its JSON. */
export function sandboxSchemaWith(edit: (raw: RawSchema) => void): IdSchema {
  const raw = JSON.parse(sandboxSchemaJson()) as RawSchema;
  edit(raw);
  return parseIdSchema(raw as unknown as Record<string, unknown>);
}

/** 2024-06-15T10:20:30Z. */
export const NOW_MS = Date.UTC(2024, 5, 15, 10, 20, 30);

/** Settings of a bilingual (English, French) installation. */
export function settingsFor(process: string, overrides: Partial<EncodeSettings> = {}): EncodeSettings {
  return {
    schema: sandboxSchema(),
    languages: ['eng', 'fra'],
    defaultLanguage: 'eng',
    process,
    nowMs: NOW_MS,
    ...overrides,
  };
}

/** A valid birth with every CRVS_NEW mandatory attribute. */
export function birthRequest(overrides: Partial<RegistrationRequest> = {}): RegistrationRequest {
  return {
    requestId: 'crvs-event-1',
    type: 'birth',
    fields: {
      fullName: 'Baby Doe',
      dateOfBirth: '2024-06-01',
      gender: 'Female',
      addressLine1: '1 Main Street',
      region: 'Central',
      province: 'North',
      city: 'Capital',
      zone: 'Zone 1',
    },
    ...overrides,
  };
}

/** A valid death of an existing identity. */
export function deathRequest(fields: RegistrationRequest['fields'] = {}): RegistrationRequest {
  return { requestId: 'crvs-death-1', type: 'death', fields: { UIN: '4918251037', ...fields } };
}
