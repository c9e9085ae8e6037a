import { describe, expect, it } from 'vitest';
import { maskValue, packetView } from './packet-view.ts';

const packet = {
  id: '10001100770000120250301080000',
  refId: '10001_10077',
  process: 'CRVS_NEW',
  source: 'CRVS1',
  schemaVersion: '0.1',
  fields: {
    fullName: JSON.stringify([
      { language: 'eng', value: 'Quillonbert Zaphyrine' },
      { language: 'fra', value: 'Quillonbert' },
    ]),
    dateOfBirth: '2025/02/27',
  },
  documents: { proofOfBirth: { type: 'DOC001', format: 'pdf', document: 'JVBERi0xLjQK'.repeat(100) } },
  metaInfo: { officerId: 'crvs-officer' },
};

describe('packetView', () => {
  it('should mask every value to its shape, keeping the languages of multilingual values', () => {
    const view = packetView(packet, false);
    const text = JSON.stringify(view);
    for (const secret of ['Quillonbert', 'Zaphyrine', '2025/02/27', 'JVBERi0', 'crvs-officer']) {
      expect(text).not.toContain(secret);
    }
    expect(view.fields).toEqual([
      { name: 'dateOfBirth', value: '•••••••• (10 characters)' },
      { name: 'fullName', value: 'eng: •••••••• (21 characters), fra: •••••••• (11 characters)' },
    ]);
    expect(view.header[0]).toEqual({ name: 'RID', value: packet.id });
    expect(view.revealed).toBe(false);
  });

  it('should show the values when revealed, cutting long documents', () => {
    const view = packetView(packet, true);
    expect(view.fields[1]!.value).toContain('Quillonbert Zaphyrine');
    expect(view.fields[0]!.value).toBe('2025/02/27');
    expect(view.documents[0]!.value).toMatch(/^DOC001 \/ pdf: JVBERi0.*… \(1200 characters\)$/);
  });

  it('should say (empty) for missing values', () => {
    expect(maskValue(null)).toBe('(empty)');
    expect(maskValue('')).toBe('(empty)');
    expect(maskValue('[]')).toBe('(empty list)');
  });
});
