import type { IdSchema, PacketDocument } from '@crvs-mosip/contracts';
import { issue, type ValidationIssue } from './issues.ts';
import type { RequestDocument } from './registration-request.ts';

/** Documents for `documentType` fields, checked against the schema. */
export interface EncodedDocuments {
  /** `PacketDto.documents`. */
  documents: Record<string, PacketDocument>;
  /** What `ID.json` will hold for each document field. */
  decoded: Record<string, unknown>;
  issues: ValidationIssue[];
}

/**
 * Turns request documents into packet-manager `Document{document, value, type, format, refNumber}`
 * (mosip/packet-manager `commons-packet-manager/.../dto/Document.java`). `value` is the field id: the writer
 * stores the bytes as `{field}.{format}` and `ID.json` gets `{"value":"{field}","type","format","refNumber"}`
 * (`PacketWriterImpl.createSubpacket`), with `refNumber` null when absent.
 */
export function encodeDocuments(
  documents: Readonly<Record<string, RequestDocument>> | undefined,
  schema: IdSchema,
): EncodedDocuments {
  const result: EncodedDocuments = { documents: {}, decoded: {}, issues: [] };
  for (const [name, document] of Object.entries(documents ?? {})) {
    const path = `documents.${name}`;
    const field = schema.fields.get(name);
    if (!field) {
      result.issues.push(issue(path, 'UNKNOWN_FIELD', `${name} is not a field of the ID schema`));
    } else if (field.kind === 'biometricsType') {
      result.issues.push(
        issue(path, 'NOT_SUPPORTED', `${name} is a biometrics field; the bridge sends no biometrics`),
      );
    } else if (field.kind !== 'documentType') {
      result.issues.push(
        issue(path, 'INVALID_TYPE', `${name} is not a document field: send it in fields.${name}`),
      );
    } else {
      result.documents[name] = {
        document: document.value,
        value: name,
        type: document.type,
        format: document.format,
        ...(document.refNumber === undefined ? {} : { refNumber: document.refNumber }),
      };
      result.decoded[name] = {
        value: name,
        type: document.type,
        format: document.format,
        refNumber: document.refNumber ?? null,
      };
    }
  }
  return result;
}
