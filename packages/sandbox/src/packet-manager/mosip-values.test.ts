import { describe, expect, it } from 'vitest';
import { asJavaHashMap } from './java-hash-map.ts';
import { jacksonPrettyJson, jacksonQuote, wrapInIdentity } from './jackson-pretty.ts';
import { JsonSyntaxError, parseJsonDocument, parseJsonPrefix, type JsonNode } from './json-node.ts';
import { tokeniseMosipValue, toMosipFieldValue, toMosipMetaInfoValue } from './mosip-values.ts';

function kept(value: string | null): JsonNode {
  const result = tokeniseMosipValue(value);
  if (!result.kept) throw new Error(`dropped: ${result.reason}`);
  return result.value;
}

describe('Jackson pretty printer (JsonUtils)', () => {
  it('matches Jackson 2.17 output for an identity map, byte for byte', () => {
    // Expected text produced by Jackson (INDENT_OUTPUT, FAIL_ON_EMPTY_BEANS off) on the same Java maps.
    const identity = new Map<string, JsonNode>([
      ['IDSchemaVersion', 0.1],
      ['fullName', kept('[{"language":"eng","value":"Tom \\"T\\"\\u0001\\t"}]')],
      ['dateOfBirth', '2023/12/30'],
      [
        'proofOfIdentity',
        new Map<string, JsonNode>([
          ['value', 'proofOfIdentity'],
          ['type', 'DOC001'],
          ['format', 'pdf'],
          ['refNumber', null],
        ]),
      ],
      ['empties', [[], new Map(), 1, 1e7, 123456789012345678901234567890n, true]],
      ['nested', kept('{"b":{"c":[1,{"d":null}]},"a":[]}')],
    ]);
    expect(wrapInIdentity(asJavaHashMap(identity))).toBe(
      [
        '{ "identity" : {',
        '  "proofOfIdentity" : {',
        '    "value" : "proofOfIdentity",',
        '    "type" : "DOC001",',
        '    "format" : "pdf",',
        '    "refNumber" : null',
        '  },',
        '  "IDSchemaVersion" : 0.1,',
        '  "fullName" : [ {',
        '    "language" : "eng",',
        '    "value" : "Tom \\"T\\"\\u0001\\t"',
        '  } ],',
        '  "dateOfBirth" : "2023/12/30",',
        '  "empties" : [ [ ], { }, 1.0, 1.0E7, 123456789012345678901234567890, true ],',
        '  "nested" : {',
        '    "a" : [ ],',
        '    "b" : {',
        '      "c" : [ 1, {',
        '        "d" : null',
        '      } ]',
        '    }',
        '  }',
        '} } ',
      ].join('\n'),
    );
  });

  it('escapes control characters with upper-case hex and quotes non-finite doubles', () => {
    expect(jacksonQuote('a\u001fb\\/')).toBe('"a\\u001Fb\\\\/"');
    expect(jacksonPrettyJson([Number.NaN])).toBe('[ "NaN" ]');
  });
});

describe('tokeniseMosipValue (RegistrationPacket.setFields)', () => {
  it('keeps plain strings as the original string, even when they look like numbers or dates', () => {
    for (const value of [
      '2023/12/30',
      '14022',
      'true',
      'a b',
      "O'Brien",
      '"quoted"',
      "'single'",
      ' padded ',
    ]) {
      expect(kept(value)).toBe(value);
    }
    expect(kept(null)).toBeNull();
  });

  it('drops values the org.json tokeniser rejects', () => {
    for (const value of [
      '',
      '   ',
      '#x',
      '/path',
      ',a',
      '=x',
      ';x',
      '"open',
      "'open",
      '"a\\qb"',
      '{bad',
      '[1,]',
      '\0x',
    ]) {
      expect(tokeniseMosipValue(value).kept, JSON.stringify(value)).toBe(false);
    }
  });

  it('drops objects with duplicate keys (org.json) and objects after non-JSON whitespace (Jackson)', () => {
    expect(tokeniseMosipValue('{"a":1,"a":2}').kept).toBe(false);
    expect(tokeniseMosipValue('\u0001{"a":1}').kept).toBe(false);
    expect(kept('\u0001[1]')).toEqual([1n]);
  });

  it('reads objects into HashMap order and keeps Jackson number types', () => {
    const value = kept('{"value":"x","language":"eng","n":1.0,"i":7} trailing') as Map<string, JsonNode>;
    expect([...value.keys()]).toEqual(['i', 'language', 'value', 'n']);
    expect(jacksonPrettyJson(value)).toContain('"n" : 1.0');
  });

  it('converts array elements as org.json and Jackson do', () => {
    const value = kept('[{"n":1.0,"m":1.5},null,[1],"s",2.50,3]');
    expect(jacksonPrettyJson(value)).toBe(
      '[ {\n  "m" : 1.5,\n  "n" : 1\n}, { }, {\n  "empty" : false\n}, "s", 2.5, 3 ]',
    );
  });
});

describe('read-side encodings', () => {
  it('getAll: numbers stay, strings lose outer quotes, the rest is pretty JSON', () => {
    const identity = parseJsonDocument(
      '{"a":0.1,"b":"\\"x\\"","c":[{"language":"eng","value":"V"}],"d":null,"e":true,"f":3}',
    ) as Map<string, JsonNode>;
    const encoded = Object.fromEntries([...identity].map(([k, v]) => [k, toMosipFieldValue(v)]));
    expect(encoded).toEqual({
      a: 0.1,
      b: 'x',
      c: '[ {\n  "language" : "eng",\n  "value" : "V"\n} ]',
      d: null,
      e: 'true',
      f: 3,
    });
  });

  it('getMetaInfo: pretty JSON with outer quotes stripped', () => {
    expect(toMosipMetaInfoValue('abc')).toBe('abc');
    expect(toMosipMetaInfoValue(0.1)).toBe('0.1');
    expect(toMosipMetaInfoValue([])).toBe('[ ]');
    expect(toMosipMetaInfoValue(null)).toBeNull();
  });
});

describe('JSON parser', () => {
  it('keeps key order, integer precision and rejects what Jackson rejects', () => {
    const node = parseJsonDocument('{"2":1,"1":12345678901234567890,"x":1e2}') as Map<string, JsonNode>;
    expect([...node.keys()]).toEqual(['2', '1', 'x']);
    expect(node.get('1')).toBe(12345678901234567890n);
    expect(node.get('x')).toBe(100);
    for (const bad of ['{"a":01}', '{"a":1.}', "{'a':1}", '{"a":"\t"}', '[1] x', '{"a":1,}']) {
      expect(() => parseJsonDocument(bad), bad).toThrow(JsonSyntaxError);
    }
    expect(parseJsonPrefix('[1] x').end).toBe(3);
    expect(() => parseJsonDocument('{"a":1,"a":2}', { rejectDuplicateKeys: true })).toThrow(JsonSyntaxError);
    expect(() => parseJsonDocument('['.repeat(1002) + ']'.repeat(1002))).toThrow(JsonSyntaxError);
  });
});
