import type { z } from 'zod';
import { AppError } from '../errors.ts';

/** Parses a query string with `schema`, or throws INVALID_QUERY naming every bad parameter. */
export function parseQuery<T extends z.ZodType>(schema: T, query: unknown): z.infer<T> {
  const parsed = schema.safeParse(query);
  if (parsed.success) return parsed.data;
  throw new AppError(
    'INVALID_QUERY',
    undefined,
    parsed.error.issues.map((i) => ({ path: i.path.join('.'), code: 'INVALID_QUERY', message: i.message })),
  );
}
