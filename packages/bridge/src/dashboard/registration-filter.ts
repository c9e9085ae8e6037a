import { z } from 'zod';
import { REGISTRATION_STATUSES, REGISTRATION_TYPES } from '../store/schema.ts';

/** The registrations list's filters: parsed from the query string, turned into a store query. */

const DAY = 86_400_000;
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)), 'not a calendar date');
const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);

/** The list's filters as the form sends them; empty fields mean "any". */
export const listFilterSchema = z.object({
  q: z.preprocess(blankToUndefined, z.string().trim().max(200).optional()),
  status: z.preprocess(blankToUndefined, z.enum(REGISTRATION_STATUSES).optional()),
  type: z.preprocess(blankToUndefined, z.enum(REGISTRATION_TYPES).optional()),
  from: z.preprocess(blankToUndefined, date.optional()),
  to: z.preprocess(blankToUndefined, date.optional()),
  order: z.preprocess(blankToUndefined, z.enum(['asc', 'desc']).optional()),
  cursor: z.preprocess(blankToUndefined, z.string().max(200).optional()),
});
export type ListFilter = z.infer<typeof listFilterSchema>;

/** The filter's dates as an epoch-ms range: `from` at 00:00 UTC, `to` inclusive (until the next midnight). */
export function dateRange(filter: ListFilter): { since?: number; until?: number } {
  return {
    ...(filter.from ? { since: Date.parse(`${filter.from}T00:00:00Z`) } : {}),
    ...(filter.to ? { until: Date.parse(`${filter.to}T00:00:00Z`) + DAY } : {}),
  };
}
