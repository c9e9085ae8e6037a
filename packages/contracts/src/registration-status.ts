import { z } from 'zod';
import { registrationStatusErrorSchema, responseWrapperSchema } from './envelope.ts';

/**
 * Registration status and transaction search (mosip/registration, `RegistrationStatusController`,
 * `RegistrationExternalStatusUtility`, `RegistrationTransactionController`).
 */
export const REGISTRATION_STATUS_API_ID = 'mosip.registration.status';
export const REGISTRATION_STATUS_VERSION = '1.0';
export const REGISTRATION_TRANSACTION_API_ID = 'mosip.registration.transaction';

/** Internal `RegistrationStatusCode` (the `registration.status_code` column). */
export const INTERNAL_STATUS_CODES = [
  'FAILED',
  'REJECTED',
  'PROCESSING',
  'PROCESSED',
  'REPROCESS_FAILED',
  'PAUSED',
  'RESUMABLE',
  'REPROCESS',
  'PAUSED_FOR_ADDITIONAL_INFO',
] as const;
export type InternalStatusCode = (typeof INTERNAL_STATUS_CODES)[number];

/** `RegistrationExternalStatusCode`: what the search API may answer. */
export const EXTERNAL_STATUS_CODES = [
  'PROCESSING',
  'REREGISTER',
  'PROCESSED',
  'RESEND',
  'RECEIVED',
  'REJECTED',
  'REPROCESS_FAILED',
  'UPLOAD_PENDING',
  'UIN_GENERATED',
  'AWAITING_INFORMATION',
] as const;
export type ExternalStatusCode = (typeof EXTERNAL_STATUS_CODES)[number];

export const TRANSACTION_TYPE_CODES = [
  'PACKET_RECEIVER',
  'VIRUS_SCAN',
  'UPLOAD_PACKET',
  'VALIDATE_PACKET',
  'PACKET_CLASSIFICATION',
  'CMD_VALIDATION',
  'OPERATOR_VALIDATION',
  'SUPERVISOR_VALIDATION',
  'INTRODUCER_VALIDATION',
  'EXTERNAL_INTEGRATION',
  'DEMOGRAPHIC_VERIFICATION',
  'MANUAL_ADJUDICATION',
  'VERIFICATION',
  'BIOGRAPHIC_VERIFICATION',
  'UIN_GENERATOR',
  'BIOMETRIC_EXTRACTION',
  'NOTIFICATION',
  'PRINT_SERVICE',
  'PRINT_POSTAL_SERVICE',
  'PRINT',
  'PACKET_REPROCESS',
  'QUALITY_CLASSIFIER',
  'BIOMETRIC_AUTHENTICATION',
  'SECUREZONE_NOTIFICATION',
  'INTERNAL_WORKFLOW_ACTION',
  'WORKFLOW_RESUME',
  'FINALIZATION',
] as const;
export type TransactionTypeCode = (typeof TRANSACTION_TYPE_CODES)[number];

export const TRANSACTION_STATUS_CODES = [
  'SUCCESS',
  'FAILED',
  'IN_PROGRESS',
  'ERROR',
  'REPROCESS',
  'PROCESSED',
  'REJECTED',
  'PROCESSING',
  'REPROCESS_FAILED',
] as const;
export type TransactionStatusCode = (typeof TRANSACTION_STATUS_CODES)[number];

export const registrationStatusItemSchema = z.object({
  registrationId: z.string(),
  statusCode: z.string(),
  additionalInfoReqId: z.string().nullable().optional(),
});
export type RegistrationStatusItem = z.infer<typeof registrationStatusItemSchema>;

export const registrationStatusResponseSchema = responseWrapperSchema(
  z.array(registrationStatusItemSchema),
  registrationStatusErrorSchema,
);
export type RegistrationStatusResponse = z.infer<typeof registrationStatusResponseSchema>;

export const registrationTransactionSchema = z.object({
  id: z.string(),
  registrationId: z.string(),
  transactionTypeCode: z.string(),
  parentTransactionId: z.string().nullable().optional(),
  statusCode: z.string(),
  subStatusCode: z.string().nullable().optional(),
  statusComment: z.string().nullable().optional(),
  createdDateTimes: z.string(),
});
export type RegistrationTransaction = z.infer<typeof registrationTransactionSchema>;

export const registrationTransactionResponseSchema = responseWrapperSchema(
  z.array(registrationTransactionSchema),
);
export type RegistrationTransactionResponse = z.infer<typeof registrationTransactionResponseSchema>;
