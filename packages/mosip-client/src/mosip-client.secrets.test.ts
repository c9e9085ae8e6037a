import { describe, expect, it } from 'vitest';
import { MosipClient } from './mosip-client.ts';
import { MosipError } from './mosip-error.ts';
import {
  authOk,
  FakeMosip,
  forbidden,
  hang,
  json,
  mosipErrors,
  mosipOk,
  packetInfos,
  PATHS,
  recordingLogger,
  RID,
  samplePacket,
  SECRET,
} from '../test/fake-mosip.ts';
import type { Handler } from '../test/fake-mosip.ts';

const OPAQUE_TOKEN = 'opaque-access-token-0123456789';
const workflowInput = { registrationId: RID, process: 'CRVS_NEW', source: 'CRVS1' };

/** Every text an error exposes: message, stack, JSON form, and its cause chain. */
function errorTexts(error: unknown): string[] {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current != null; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? '', JSON.stringify(current));
      current = current.cause;
    } else {
      texts.push(JSON.stringify(current));
      break;
    }
  }
  return texts;
}

describe(`${MosipClient.name} never leaks credentials`, () => {
  it('should keep the secret and every token out of all log calls and error texts across failure modes', async () => {
    const { logger, entries } = recordingLogger();
    const errors: unknown[] = [];
    const tokens: string[] = [OPAQUE_TOKEN];

    async function scenario(
      setup: (mosip: FakeMosip) => void,
      run: (sut: MosipClient) => Promise<unknown>,
      extra: { timeoutMs?: number } = {},
    ): Promise<void> {
      const mosip = new FakeMosip();
      setup(mosip);
      const timeouts = { authMs: extra.timeoutMs ?? 1_000, createPacketMs: extra.timeoutMs ?? 1_000 };
      const sut = new MosipClient(mosip.options({ logger, timeouts }));
      try {
        await run(sut);
      } catch (error) {
        expect(error).toBeInstanceOf(MosipError);
        errors.push(error);
      }
      tokens.push(...mosip.issuedTokens);
    }

    /** A handler whose MOSIP message echoes the token it was called with, and the secret. */
    const echo =
      (code: string, status = 200, field: 'message' | 'errorMessage' = 'message'): Handler =>
      (request) => {
        const token = (request.headers.get('cookie') ?? '').replace('Authorization=', '');
        return mosipErrors([{ errorCode: code, [field]: `Invalid Token : ${token} / ${SECRET}` }], status);
      };
    const packet = (s: MosipClient) => s.createPacket(samplePacket());

    // Auth manager failures.
    const keycloakBody = JSON.stringify({ error: 'invalid_client', client_secret: SECRET });
    await scenario(
      (m) =>
        m.on('POST', PATHS.auth, () =>
          mosipErrors([{ errorCode: '500', message: `401 Unauthorized: ${keycloakBody}` }], 500),
        ),
      (s) => s.getToken(),
    );
    await scenario(
      (m) =>
        m.on('POST', PATHS.auth, () =>
          mosipErrors([{ errorCode: '500', message: `I/O error ${encodeURIComponent(SECRET)}` }], 500),
        ),
      (s) => s.getToken(),
    );
    await scenario(
      (m) =>
        m.on('POST', PATHS.auth, () =>
          mosipErrors([{ errorCode: 'KER-ATH-026', message: `Realm not found:: ${SECRET}` }]),
        ),
      (s) => s.getToken(),
    );
    await scenario(
      (m) => m.on('POST', PATHS.auth, () => new Response(`<html>${SECRET}</html>`, { status: 502 })),
      (s) => s.getToken(),
    );
    await scenario(
      (m) => m.on('POST', PATHS.auth, () => json(401, { secret: SECRET })),
      (s) => s.getToken(),
    );
    await scenario(
      (m) => m.on('POST', PATHS.auth, () => mosipOk({ status: 'Success' })),
      (s) => s.getToken(),
    );
    await scenario(
      (m) => m.on('POST', PATHS.auth, hang),
      (s) => s.getToken(),
      { timeoutMs: 20 },
    );
    await scenario(
      (m) =>
        m.on('POST', PATHS.auth, () => {
          throw new TypeError(`fetch failed for client_secret=${SECRET}`);
        }),
      (s) => s.getToken(),
    );

    // Service failures with a valid token.
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-ATH-401', 401)), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-ATH-402')), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, forbidden), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-ATH-403')), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-PUT-006')), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-NEW-001', 500)), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-PUT-028', 500)), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, echo('KER-XYZ-404', 404)), packet);
    await scenario(
      (m) =>
        m.on(
          'PUT',
          PATHS.createPacket,
          (r) =>
            new Response(null, {
              status: 302,
              headers: { location: `https://login.test/?t=${r.headers.get('cookie')}` },
            }),
        ),
      packet,
    );
    await scenario(
      (m) =>
        m.on(
          'PUT',
          PATHS.createPacket,
          (r) => new Response(`{"broken": "${r.headers.get('cookie')}`, { status: 200 }),
        ),
      packet,
    );
    await scenario(
      (m) =>
        m.on('PUT', PATHS.createPacket, (r) => mosipOk([{ id: 1, packetName: r.headers.get('cookie') }], [])),
      packet,
    );
    await scenario((m) => m.on('PUT', PATHS.createPacket, () => mosipErrors([])), packet);
    await scenario((m) => m.on('PUT', PATHS.createPacket, hang), packet, { timeoutMs: 20 });
    await scenario(
      (m) =>
        m.on('PUT', PATHS.createPacket, (r) => {
          throw new TypeError(`socket hang up ${r.headers.get('cookie')}`);
        }),
      packet,
    );
    await scenario(
      (m) => m.on('POST', PATHS.status, echo('RPR-RGS-015', 200, 'errorMessage')),
      (s) => s.searchRegistrationStatus([RID]),
    );
    await scenario(
      (m) => m.on('GET', PATHS.transactions(RID), echo('RPR-RTS-002')),
      (s) => s.getRegistrationTransactions(RID),
    );
    await scenario(
      (m) => m.on('POST', PATHS.workflow, echo('RPR-WIN-001')),
      (s) => s.createWorkflowInstance(workflowInput),
    );
    // An opaque (non-JWT) token echoed back is caught by the exact-match scrubber.
    await scenario((m) => {
      m.on('POST', PATHS.auth, () => authOk(OPAQUE_TOKEN));
      m.on('PUT', PATHS.createPacket, echo('KER-PUT-006'));
    }, packet);
    // Successes log too.
    await scenario(
      (m) => {
        m.on('PUT', PATHS.createPacket, () => mosipOk(packetInfos(), []));
        m.on('POST', PATHS.workflow, () =>
          mosipErrors([{ errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' }]),
        );
      },
      async (s) => {
        await s.createPacket(samplePacket());
        await s.createWorkflowInstance(workflowInput);
      },
    );

    expect(errors.length).toBeGreaterThanOrEqual(26);
    expect(entries.length).toBeGreaterThan(50);
    const forbiddenTexts = [
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      encodeURIComponent(SECRET),
      ...new Set(tokens),
    ];
    expect(tokens.length).toBeGreaterThan(20);
    const haystacks = [...errors.flatMap(errorTexts), ...entries.map((entry) => JSON.stringify(entry))];
    for (const haystack of haystacks) {
      for (const needle of forbiddenTexts) expect(haystack).not.toContain(needle);
      expect(haystack).not.toMatch(/eyJ[\w-]{10,}/);
    }
    // Logs carry only structured metadata.
    const keys = new Set(entries.flatMap((entry) => Object.keys(entry.obj)));
    expect([...keys].sort()).toEqual(
      ['code', 'durationMs', 'expiresInMs', 'method', 'operation', 'path', 'retryable', 'status'].sort(),
    );
  });
});
