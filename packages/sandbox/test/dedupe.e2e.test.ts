import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authenticate,
  birthFields,
  call,
  completedTransactions,
  CRVS,
  mosipDate,
  nextRid,
  packetBody,
  REGPROC,
  startTestSandbox,
  workflowBody,
  type TestSandbox,
} from './helpers.ts';

describe('demographic dedupe with registration.processor.infant.dedupe=Y', () => {
  let sb: TestSandbox;
  beforeAll(async () => {
    sb = await startTestSandbox({ infantDedupe: true });
  });
  afterAll(async () => sb.dispose());

  async function register(fields: Record<string, string>) {
    const crvs = await authenticate(sb.url, CRVS);
    const rid = nextRid();
    await call(
      sb.url,
      '/commons/v1/packetmanager/createPacket',
      crvs,
      'PUT',
      packetBody(rid, 'CRVS_NEW', fields),
    );
    await call(
      sb.url,
      '/registrationprocessor/v1/workflowmanager/workflowinstance',
      crvs,
      'POST',
      workflowBody(rid, 'CRVS_NEW'),
    );
    return completedTransactions(sb.url, await authenticate(sb.url, REGPROC), rid);
  }

  it('rejects a second packet of the same person (name case and outer spaces ignored) with complete-as-rejected', async () => {
    const person = {
      fullName: 'Amina Duplicate Test',
      dateOfBirth: mosipDate(Date.now() - 20 * 86_400_000),
      gender: 'Female',
    };
    expect((await register(birthFields(person))).at(-1)).toMatchObject({
      transactionTypeCode: 'PRINT_SERVICE',
      statusCode: 'SUCCESS',
    });
    const second = await register(birthFields({ ...person, fullName: '  amina duplicate TEST ' }));
    expect(second.at(-1)).toMatchObject({
      transactionTypeCode: 'DEMOGRAPHIC_VERIFICATION',
      statusCode: 'REJECTED',
    });
    expect(second.at(-1)?.statusComment).toContain('duplicate');
    const other = await register(birthFields({ ...person, gender: 'Male' }));
    expect(other.at(-1)).toMatchObject({ transactionTypeCode: 'PRINT_SERVICE', statusCode: 'SUCCESS' });
  });
});
