import type { PacketDto } from '@crvs-mosip/contracts';

/**
 * The createPacket request as an operator sees it on the detail page. Every field value, document and
 * metaInfo entry is personal data or may hold some, so by default each is masked to its shape: the
 * language codes of a multilingual value and a length, never a character of it. Revealing needs the
 * `operate` scope and is recorded in the registration's timeline (see operator-actions.ts).
 */

export interface PacketRow {
  name: string;
  value: string;
}

export interface PacketView {
  /** Identifiers of the packet itself (RID, centre_machine, process, source, schema version): not personal. */
  header: PacketRow[];
  fields: PacketRow[];
  documents: PacketRow[];
  metaInfo: PacketRow[];
  revealed: boolean;
}

/** Longest value shown when revealed; documents are base64 and can be megabytes. */
const MAX_SHOWN = 240;

function maskText(text: string): string {
  return `${'•'.repeat(Math.min(8, Math.max(3, text.length)))} (${text.length} characters)`;
}

/** Masks a value, keeping a multilingual value's languages so an operator sees which ones were sent. */
export function maskValue(value: string | null | undefined): string {
  if (value == null || value === '') return '(empty)';
  try {
    const parsed: unknown = JSON.parse(value);
    if (Array.isArray(parsed) && parsed.length === 0) return '(empty list)';
    if (
      Array.isArray(parsed) &&
      parsed.every((v) => typeof v === 'object' && v !== null && 'language' in v)
    ) {
      return (parsed as { language: unknown; value?: unknown }[])
        .map(
          (v) =>
            `${String(v.language)}: ${maskText(typeof v.value === 'string' ? v.value : JSON.stringify(v.value ?? ''))}`,
        )
        .join(', ');
    }
  } catch {
    // Not JSON: a plain value.
  }
  return maskText(value);
}

function shown(value: string | null | undefined): string {
  if (value == null || value === '') return '(empty)';
  return value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}… (${value.length} characters)` : value;
}

/** The packet as rows, masked unless `reveal`. */
export function packetView(packet: PacketDto, reveal: boolean): PacketView {
  const value = reveal ? shown : maskValue;
  const entries = (record: Record<string, string | null> | null | undefined) =>
    Object.entries(record ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, v]) => ({ name, value: value(v) }));
  return {
    header: [
      { name: 'RID', value: packet.id ?? '' },
      { name: 'centre_machine (refId)', value: packet.refId ?? '' },
      { name: 'process', value: packet.process ?? '' },
      { name: 'source', value: packet.source ?? '' },
      { name: 'schemaVersion', value: packet.schemaVersion ?? '' },
    ],
    fields: entries(packet.fields),
    documents: Object.entries(packet.documents ?? {})
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([name, d]) => ({
        name,
        value: `${d.type ?? '?'} / ${d.format ?? '?'}: ${reveal ? shown(d.document ?? d.value) : maskValue(d.document ?? d.value)}`,
      })),
    metaInfo: entries(packet.metaInfo),
    revealed: reveal,
  };
}
