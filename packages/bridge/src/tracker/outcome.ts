import type { RegistrationTransaction } from '@crvs-mosip/contracts';

export type Outcome =
  | { kind: 'pending' }
  | { kind: 'processed'; code: string; message: string }
  | { kind: 'completed'; code: string; message: string }
  | { kind: 'rejected'; code: string; message: string };

/** Transaction statuses that end a MOSIP workflow without success (complete-as-failed / -rejected). */
const FAILURE = new Set(['FAILED', 'REJECTED', 'ERROR', 'REPROCESS_FAILED']);

/**
 * Reads MOSIP's stage-by-stage transactions (the registration-status API collapses rejections into
 * PROCESSED, so it cannot tell success from failure). A birth is `processed` once UIN generation succeeded;
 * a death or update is `completed` at finalization; any failed or rejected stage is `rejected`, with the
 * stage and MOSIP's sub-status code kept.
 */
export function outcomeFromTransactions(type: string, transactions: RegistrationTransaction[]): Outcome {
  const failure = transactions.find((t) => FAILURE.has(t.statusCode));
  if (failure) {
    return {
      kind: 'rejected',
      code: failure.subStatusCode ?? `${failure.transactionTypeCode}_${failure.statusCode}`,
      message: `${failure.transactionTypeCode} ${failure.statusCode}: ${failure.statusComment ?? ''}`.trim(),
    };
  }
  const succeeded = (stage: string) =>
    transactions.some((t) => t.transactionTypeCode === stage && t.statusCode === 'SUCCESS');
  if (type === 'birth' && succeeded('UIN_GENERATOR')) {
    return { kind: 'processed', code: 'UIN_GENERATOR_SUCCESS', message: 'MOSIP generated the UIN' };
  }
  if (type !== 'birth' && succeeded('FINALIZATION')) {
    return {
      kind: 'completed',
      code: 'FINALIZATION_SUCCESS',
      message: 'MOSIP applied the change to the identity',
    };
  }
  return { kind: 'pending' };
}
