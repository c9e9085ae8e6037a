import { z } from 'zod';
import { requestWrapperSchema, responseWrapperSchema } from './envelope.ts';

/**
 * createPacket contracts (mosip/packet-manager, commons-packet-manager `PacketDto`, `Document`, `PacketInfo`).
 * Every `fields`/`metaInfo` value is a string: arrays and objects travel as stringified JSON.
 */

/** `Document{ byte[] document; value; type; format; refNumber }`; `document` is base64 (Jackson `byte[]`). */
export const packetDocumentSchema = z.object({
  document: z.string().nullable().optional(),
  value: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  format: z.string().nullable().optional(),
  refNumber: z.string().nullable().optional(),
});
export type PacketDocument = z.infer<typeof packetDocumentSchema>;

export const packetDtoSchema = z.object({
  id: z.string().nullable().optional(),
  additionalInfoReqId: z.string().nullable().optional(),
  refId: z.string().nullable().optional(),
  offlineMode: z.boolean().nullable().optional(),
  process: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  schemaVersion: z.string().nullable().optional(),
  schemaJson: z.string().nullable().optional(),
  fields: z.record(z.string(), z.string().nullable()).nullable().optional(),
  metaInfo: z.record(z.string(), z.string().nullable()).nullable().optional(),
  documents: z.record(z.string(), packetDocumentSchema).nullable().optional(),
  audits: z.array(z.record(z.string(), z.string().nullable())).nullable().optional(),
  biometrics: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type PacketDto = z.infer<typeof packetDtoSchema>;

export const createPacketRequestSchema = requestWrapperSchema(packetDtoSchema);

export const packetInfoSchema = z.object({
  id: z.string().nullable(),
  packetName: z.string().nullable(),
  source: z.string().nullable(),
  process: z.string().nullable(),
  refId: z.string().nullable(),
  schemaVersion: z.string().nullable(),
  signature: z.string().nullable(),
  encryptedHash: z.string().nullable(),
  providerName: z.string().nullable(),
  providerVersion: z.string().nullable(),
  creationDate: z.string().nullable(),
});
export type PacketInfo = z.infer<typeof packetInfoSchema>;

export const createPacketResponseSchema = responseWrapperSchema(z.array(packetInfoSchema));
export type CreatePacketResponse = z.infer<typeof createPacketResponseSchema>;

/** Subpackets written by the online writer, in the order MOSIP returns them (Java HashMap iteration). */
export const SUBPACKET_RESPONSE_ORDER = ['evidence', 'optional', 'id'] as const;
export type SubpacketName = (typeof SUBPACKET_RESPONSE_ORDER)[number];

/** `PacketWriterImpl.categorySubpacketMapping`: where each `fieldCategory` lands. */
export const CATEGORY_SUBPACKETS: Readonly<Record<string, readonly SubpacketName[]>> = {
  pvt: ['id'],
  kyc: ['id'],
  none: ['id', 'evidence', 'optional'],
  evidence: ['evidence'],
  optional: ['optional'],
};

/** One label/value pair of `metaData` / `operationsData` in metaInfo. */
export interface MetaLabelValue {
  label: string;
  value: string | null;
}

/** The audit entry shape MOSIP's CRVS docs send (all string values). */
export interface PacketAudit {
  uuid: string;
  createdAt: string;
  eventId: string;
  eventName: string;
  eventType: string;
  hostName: string;
  hostIp: string;
  applicationId: string;
  applicationName: string;
  sessionUserId: string;
  sessionUserName: string;
  id: string;
  idType: string;
  createdBy: string;
  moduleName: string;
  moduleId: string;
  description: string;
  actionTimeStamp: string;
}

/**
 * `GET /v1/masterdata/idschema/latest` response (mosip/admin-services `IdSchemaResponseDto`): the schema
 * travels as a string in `schemaJson`; `idVersion` is the schema version packets are written with.
 */
export const idSchemaResponseSchema = responseWrapperSchema(
  z.looseObject({
    id: z.string().nullable().optional(),
    idVersion: z.number(),
    title: z.string().nullable().optional(),
    schemaJson: z.string(),
    status: z.string().nullable().optional(),
    effectiveFrom: z.string().nullable().optional(),
  }),
);
export type IdSchemaDescriptor = NonNullable<z.infer<typeof idSchemaResponseSchema>['response']>;
