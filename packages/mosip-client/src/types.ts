import type {
  NotificationInfo,
  RegistrationStatusError,
  RegistrationStatusItem,
} from '@crvs-mosip/contracts';

/** `id`/`version` the packet manager's `PacketWriterController` sets on createPacket (mosip/packet-manager). */
export const PACKET_WRITER_API_ID = 'mosip.registration.packet.writer';
/** See {@link PACKET_WRITER_API_ID}. */
export const PACKET_WRITER_VERSION = 'v1';

/** `registration.processor.fetch.registration.records.limit` (mosip/mosip-config): ids processed per status search. */
export const STATUS_SEARCH_BATCH_SIZE = 100;

/** Input of `MosipClient.createWorkflowInstance` (mosip/registration `WorkflowInstanceRequestDTO`). */
export interface CreateWorkflowInstanceInput {
  /** The RID/AID the packet was created under. */
  registrationId: string;
  /** e.g. `CRVS_NEW`, `CRVS_DEATH`. */
  process: string;
  /** e.g. `CRVS1`. */
  source: string;
  /** Only for sub-processes; omitted when undefined. */
  additionalInfoReqId?: string;
  /** Stored encrypted for the resident notification; omitted when undefined. */
  notificationInfo?: NotificationInfo;
}

/**
 * Outcome of `MosipClient.createWorkflowInstance`. `already-present` is MOSIP's `RPR-WIS-001`:
 * a workflow for this RID and process exists, so an earlier trigger (perhaps one whose answer was
 * lost to a timeout) succeeded. It is a result, not an error, so an idempotent retry needs no try/catch.
 */
export type WorkflowInstanceResult =
  { status: 'created'; workflowInstanceId: string } | { status: 'already-present' };

/** Outcome of `MosipClient.searchRegistrationStatus`: per-RID errors (e.g. `RPR-RGS-031` "RID Not Found") are data. */
export interface RegistrationStatusSearchResult {
  statuses: RegistrationStatusItem[];
  errors: RegistrationStatusError[];
}
