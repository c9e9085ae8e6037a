import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loggableUrl, createLogger, mosipClientLogger, withRegistrationContext } from './logger.ts';

function capture(isTTY = false) {
  const chunks: string[] = [];
  const stream = Object.assign(
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString('utf8'));
        done();
      },
    }),
    { isTTY },
  );
  return { stream, text: () => chunks.join('') };
}

describe(createLogger.name, () => {
  it('should redact credentials, signatures and personal data, top level and one level down', () => {
    const { stream, text } = capture();
    const log = createLogger({ level: 'info', format: 'json', stream });
    log.info(
      {
        req: { headers: { authorization: 'Bearer k1', cookie: 'c1', 'x-hub-signature': 's1' } },
        secret: 'top-secret',
        registration: { fullName: 'Ada Lovelace', dateOfBirth: '2024-01-15', uin: '5832671049' },
        body: { anything: 'x' },
        rid: '10001100770000120250225111417',
      },
      'line',
    );
    const line = JSON.parse(text()) as Record<string, unknown>;
    for (const value of ['k1', 'c1', 's1', 'top-secret', 'Ada', '2024-01-15', '5832671049', 'anything']) {
      expect(text()).not.toContain(value);
    }
    expect(line.rid).toBe('10001100770000120250225111417');
    expect(line.secret).toBe('[REDACTED]');
  });

  it('should write pretty lines for LOG_FORMAT pretty, and for auto only on a terminal', () => {
    const pretty = capture();
    createLogger({ level: 'info', format: 'pretty', stream: pretty.stream }).info({ rid: 'r1' }, 'hello');
    expect(pretty.text()).toMatch(/INFO.*hello/);
    expect(() => JSON.parse(pretty.text()) as unknown).toThrow();
    const json = capture();
    createLogger({ level: 'info', format: 'auto', stream: json.stream }).info({}, 'hello');
    expect(JSON.parse(json.text())).toMatchObject({ msg: 'hello' });
    const tty = capture(true);
    createLogger({ level: 'info', format: 'auto', stream: tty.stream }).info({}, 'hello');
    expect(tty.text()).toMatch(/INFO.*hello/);
  });

  it('should add the registration in context to the MOSIP client lines', () => {
    const { stream, text } = capture();
    const client = mosipClientLogger(createLogger({ level: 'debug', format: 'json', stream }));
    withRegistrationContext({ rid: 'r1', id: 'id1' }, () => client.info({ path: '/x' }, 'in'));
    client.info({ path: '/y' }, 'out');
    const [inside, outside] = text()
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({ rid: 'r1', registrationId: 'id1', path: '/x' });
    expect(outside).not.toHaveProperty('rid');
  });
});

describe(loggableUrl.name, () => {
  it('should keep the path and harmless filters but mask search values', () => {
    expect(loggableUrl('/registrations?q=6270568372&status=failed')).toBe(
      '/registrations?q=[REDACTED]&status=failed',
    );
    expect(loggableUrl('/v1/registrations/10001100770000120250301080000')).toBe(
      '/v1/registrations/10001100770000120250301080000',
    );
    expect(loggableUrl('/login?next=%2Fregistrations')).toBe('/login?next=%2Fregistrations');
  });
});
