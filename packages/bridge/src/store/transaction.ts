import type { Executor } from './schema.ts';

/**
 * Runs `fn` in a transaction: the caller's, when `executor` already is one (so repository calls compose
 * into the caller's unit of work), otherwise a new one that commits when `fn` resolves.
 * @param executor - the database or an open transaction
 * @param fn - the work, given the transaction to run on
 */
export function inTransaction<T>(executor: Executor, fn: (trx: Executor) => Promise<T>): Promise<T> {
  return executor.isTransaction ? fn(executor) : executor.transaction().execute(fn);
}
