import { mosipTimestamp, refIdFromRid, type WorkflowInstanceRequest } from '@crvs-mosip/contracts';
import type { SandboxContext } from '../context.ts';
import type { RegistrationRecord } from '../state/models.ts';
import { registrationKey, Registrations } from './registrations.ts';

/**
 * `registration.processor.additional-process.category-mapping` (mosip-config
 * registration-processor-default.properties): CRVS_NEW is a NEW, CRVS_DEATH an UPDATE. CRVS_UPDATE is
 * modelled as an UPDATE too (MOSIP's newer CRVS docs name it; its config has no mapping yet).
 */
export const PROCESS_CATEGORY: Readonly<Record<string, 'NEW' | 'UPDATE'>> = {
  CRVS_NEW: 'NEW',
  CRVS_DEATH: 'UPDATE',
  CRVS_UPDATE: 'UPDATE',
};

/** `registration.processor.main-processes`. */
const MAIN_PROCESSES = ['NEW', 'UPDATE', 'LOST', 'RES_UPDATE', 'ACTIVATE', 'DEACTIVATE', 'OPENCRVS_NEW'];

export const BEGINNING_STAGE = 'PacketValidatorStage';

export type WorkflowInstanceResult =
  | { ok: true; workflowInstanceId: string }
  | { ok: false; errorCode: 'RPR-WIS-001' | 'RPR-WIS-000'; message: string };

/**
 * `WorkflowInstanceService.createWorkflowInstance` (mosip/registration workflow-manager-service): checks for
 * an existing workflow of the same RID, process and iteration (`RPR-WIS-001`), stores the sync record with
 * the encrypted notification info, and a `RESUMABLE` registration row at the beginning stage that the
 * re-processor picks up later. The inner request fields are not validated, as in MOSIP.
 */
export async function createWorkflowInstance(
  ctx: SandboxContext,
  request: WorkflowInstanceRequest,
): Promise<WorkflowInstanceResult> {
  const unknown = { ok: false, errorCode: 'RPR-WIS-000', message: 'Unknown Exception' } as const;
  const rid = request.registrationId ?? '';
  const process = request.process ?? '';
  // Utilities.getRefId reads the first 10 characters: a shorter id fails with an index exception.
  if (rid.length < 10 || !process) return unknown;
  const isMapped = process in PROCESS_CATEGORY || MAIN_PROCESSES.includes(process);
  if (!isMapped && !request.additionalInfoReqId) return unknown;
  const iteration = 1;
  const registrations = new Registrations(ctx.store);
  const key = registrationKey(rid, process, iteration);
  if (registrations.get(key)) {
    return { ok: false, errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' };
  }
  const notificationInfo = request.notificationInfo
    ? (
        await ctx.keyStore.encrypt(
          'REGISTRATION',
          refIdFromRid(rid),
          Buffer.from(JSON.stringify(request.notificationInfo), 'utf8'),
        )
      ).toString('base64url')
    : null;
  const now = ctx.clock();
  const workflowInstanceId = ctx.uuid();
  const record: RegistrationRecord = {
    key,
    registrationId: rid,
    process,
    source: request.source ?? '',
    iteration,
    additionalInfoReqId: request.additionalInfoReqId || null,
    workflowInstanceId,
    statusCode: 'RESUMABLE',
    stage: BEGINNING_STAGE,
    lastSuccessStageName: null,
    latestTransactionTypeCode: 'WORKFLOW_RESUME',
    latestTransactionStatusCode: 'REPROCESS',
    retryCount: 0,
    notificationInfo,
    tags: {},
    uin: null,
    createdAt: mosipTimestamp(now),
    updatedAt: mosipTimestamp(now),
    dueAt: now + ctx.config.pipelineIntervalMs,
    resultCode: null,
  };
  const inserted = ctx.store.transaction(() => {
    if (!registrations.insert(record)) return false;
    registrations.addTransaction({
      id: ctx.uuid(),
      registrationId: rid,
      transactionTypeCode: 'WORKFLOW_RESUME',
      parentTransactionId: null,
      statusCode: 'REPROCESS',
      subStatusCode: null,
      statusComment: 'Workflow instance created',
      createdDateTimes: mosipTimestamp(now),
    });
    return true;
  });
  if (!inserted) return { ok: false, errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' };
  return { ok: true, workflowInstanceId };
}
