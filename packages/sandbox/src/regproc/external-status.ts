import type { ExternalStatusCode } from '@crvs-mosip/contracts';
import type { RegistrationRecord } from '../state/models.ts';

export interface ExternalStatusSettings {
  /** `registration.processor.reprocess.elapse.time` (s) */
  reprocessElapseSeconds: number;
  /** `registration.processor.max.retry` */
  maxRetry: number;
  /** `mosip.registration.processor.registration.status.external-statuses-to-consider-processed` */
  consideredProcessed: readonly ExternalStatusCode[];
}

export const DEFAULT_CONSIDERED_PROCESSED: readonly ExternalStatusCode[] = [
  'UIN_GENERATED',
  'REREGISTER',
  'REJECTED',
  'REPROCESS_FAILED',
];

const EARLY_STAGES = ['PacketReceiverStage', 'SecurezoneNotificationStage'];

/**
 * `RegistrationExternalStatusUtility.getExternalStatus` followed by the "consider processed" rewrite
 * (mosip/registration registration-status-service-impl). With MOSIP's default config a packet that has
 * passed its first stage already reads PROCESSED, and rejected or failed ones read PROCESSED too: the status
 * API does not tell success from failure; the transactions and the workflow-completed event do.
 */
export function externalStatus(
  registration: RegistrationRecord,
  nowMs: number,
  settings: ExternalStatusSettings,
): ExternalStatusCode {
  const status = rawExternalStatus(registration, nowMs, settings);
  return settings.consideredProcessed.includes(status) ? 'PROCESSED' : status;
}

function rawExternalStatus(
  r: RegistrationRecord,
  nowMs: number,
  s: ExternalStatusSettings,
): ExternalStatusCode {
  switch (r.statusCode) {
    case 'PROCESSED':
      return 'UIN_GENERATED';
    case 'PROCESSING':
    case 'PAUSED':
    case 'RESUMABLE':
    case 'REPROCESS':
    case 'PAUSED_FOR_ADDITIONAL_INFO': {
      const elapsedSeconds = (nowMs - Date.parse(r.updatedAt)) / 1000;
      if (r.latestTransactionTypeCode === 'PACKET_RECEIVER' && elapsedSeconds > s.reprocessElapseSeconds) {
        return r.retryCount < s.maxRetry ? 'RESEND' : 'REREGISTER';
      }
      if (r.lastSuccessStageName == null || EARLY_STAGES.includes(r.lastSuccessStageName)) {
        return 'PROCESSING';
      }
      return 'PROCESSED';
    }
    case 'FAILED': {
      const early = ['PACKET_RECEIVER', 'UPLOAD_PACKET'].includes(r.latestTransactionTypeCode);
      return early && r.retryCount < s.maxRetry ? 'RESEND' : 'REREGISTER';
    }
    case 'REJECTED':
    case 'REPROCESS_FAILED':
      return 'REJECTED';
  }
}
