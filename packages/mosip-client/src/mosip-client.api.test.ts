import { describe, expect, it } from 'vitest';
import { MosipClient } from './mosip-client.ts';
import { STATUS_SEARCH_BATCH_SIZE } from './types.ts';
import { MosipError } from './mosip-error.ts';
import {
  caught,
  FakeMosip,
  json,
  mosipErrors,
  mosipOk,
  packetInfos,
  PATHS,
  RID,
  samplePacket,
} from '../test/fake-mosip.ts';

const MOSIP_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

function setup() {
  const mosip = new FakeMosip();
  return { mosip, sut: new MosipClient(mosip.options()) };
}

const workflowInput = { registrationId: RID, process: 'CRVS_NEW', source: 'CRVS1' };

describe(`${MosipClient.name}.createPacket`, () => {
  it('should PUT the packet-writer envelope and return the three PacketInfo entries', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () => mosipOk(packetInfos(), []));
    const packet = samplePacket();
    const infos = await sut.createPacket(packet);
    expect(infos.map((i) => i.packetName)).toEqual([`${RID}_evidence`, `${RID}_optional`, `${RID}_id`]);
    const [call] = mosip.calls('PUT', PATHS.createPacket);
    expect(call!.body).toEqual({
      id: 'mosip.registration.packet.writer',
      version: 'v1',
      requesttime: '2025-02-25T11:14:17.667Z',
      metadata: {},
      request: packet,
    });
  });

  it('should make KER-PUT-006 (HTTP 200, errors[]) a permanent error', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () =>
      mosipErrors([
        { errorCode: 'KER-PUT-006', message: 'No available provider for given source and process' },
      ]),
    );
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toBeInstanceOf(MosipError);
    expect(error).toMatchObject({
      code: 'KER-PUT-006',
      httpStatus: 200,
      retryable: false,
      alreadyPresent: false,
      operation: 'createPacket',
      errors: [{ errorCode: 'KER-PUT-006', message: 'No available provider for given source and process' }],
    });
    expect((error as MosipError).message).toContain('No available provider');
    expect((error as MosipError).meaning).toMatch(/provider/);
  });

  it('should make HTTP 200 with response null and errors [] a retryable CLIENT-EMPTY-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () => mosipErrors([]));
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-EMPTY-RESPONSE',
      httpStatus: 200,
      retryable: true,
    });
  });

  it('should treat an empty PacketInfo list or a null first id as CLIENT-EMPTY-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on(
      'PUT',
      PATHS.createPacket,
      () => mosipOk([], []),
      () => mosipOk([{ ...packetInfos()[0], id: null }], []),
    );
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-EMPTY-RESPONSE',
    });
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'CLIENT-EMPTY-RESPONSE',
    });
  });

  it('should reject a response that breaks the PacketInfo contract with CLIENT-BAD-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () => mosipOk([{ id: 42 }], []));
    const error = await caught(() => sut.createPacket(samplePacket()));
    expect(error).toMatchObject({ code: 'CLIENT-BAD-RESPONSE', retryable: true });
    expect((error as MosipError).message).toContain('response.0.id');
  });

  it('should keep unknown MOSIP codes permanent', async () => {
    const { mosip, sut } = setup();
    mosip.on('PUT', PATHS.createPacket, () =>
      mosipErrors([{ errorCode: 'KER-NEW-999', message: 'Surprise' }]),
    );
    expect(await caught(() => sut.createPacket(samplePacket()))).toMatchObject({
      code: 'KER-NEW-999',
      retryable: false,
    });
  });

  it('should report a packet that cannot be serialised as CLIENT-INVALID-REQUEST without sending it', async () => {
    const { mosip, sut } = setup();
    const packet = { ...samplePacket(), biometrics: { face: 1n } } as unknown as ReturnType<
      typeof samplePacket
    >;
    expect(await caught(() => sut.createPacket(packet))).toMatchObject({
      code: 'CLIENT-INVALID-REQUEST',
      retryable: false,
    });
    expect(mosip.calls('PUT', PATHS.createPacket)).toHaveLength(0);
  });
});

describe(`${MosipClient.name}.createWorkflowInstance`, () => {
  it('should POST the workflow-instance envelope (id, version v1, requesttime) and return created', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () => mosipOk({ workflowInstanceId: 'a1b2c3' }));
    const result = await sut.createWorkflowInstance({
      ...workflowInput,
      notificationInfo: { name: 'Jane Doe', email: 'a@b.c' },
    });
    expect(result).toEqual({ status: 'created', workflowInstanceId: 'a1b2c3' });
    const [call] = mosip.calls('POST', PATHS.workflow);
    expect(call!.body).toEqual({
      id: 'mosip.registration.processor.workflow.instance',
      version: 'v1',
      requesttime: '2025-02-25T11:14:17.667Z',
      request: { ...workflowInput, notificationInfo: { name: 'Jane Doe', email: 'a@b.c' } },
    });
  });

  it('should pass additionalInfoReqId through when given', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () => mosipOk({ workflowInstanceId: 'x' }));
    await sut.createWorkflowInstance({ ...workflowInput, additionalInfoReqId: '' });
    expect(mosip.calls('POST', PATHS.workflow)[0]!.body).toMatchObject({
      request: { additionalInfoReqId: '' },
    });
  });

  it('should return already-present for RPR-WIS-001', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () =>
      mosipErrors([{ errorCode: 'RPR-WIS-001', message: 'WorkflowInstance already present' }]),
    );
    expect(await sut.createWorkflowInstance(workflowInput)).toEqual({ status: 'already-present' });
  });

  it('should make RPR-WIN-001 a permanent error', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () =>
      mosipErrors([{ errorCode: 'RPR-WIN-001', message: 'Invalid Request Value - version' }]),
    );
    expect(await caught(() => sut.createWorkflowInstance(workflowInput))).toMatchObject({
      code: 'RPR-WIN-001',
      retryable: false,
      alreadyPresent: false,
      operation: 'createWorkflowInstance',
    });
  });

  it('should make RPR-WIS-000 retryable', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () =>
      mosipErrors([{ errorCode: 'RPR-WIS-000', message: 'Unknown Exception' }]),
    );
    expect(await caught(() => sut.createWorkflowInstance(workflowInput))).toMatchObject({
      code: 'RPR-WIS-000',
      retryable: true,
    });
  });

  it('should reject empty inputs with CLIENT-INVALID-REQUEST before any call', async () => {
    const { mosip, sut } = setup();
    for (const field of ['registrationId', 'process', 'source'] as const) {
      const error = await caught(() => sut.createWorkflowInstance({ ...workflowInput, [field]: ' ' }));
      expect(error).toMatchObject({ code: 'CLIENT-INVALID-REQUEST', retryable: false });
      expect((error as MosipError).message).toContain(field);
    }
    expect(mosip.requests).toHaveLength(0);
  });

  it('should make an envelope without response and errors CLIENT-EMPTY-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () => mosipOk(null));
    expect(await caught(() => sut.createWorkflowInstance(workflowInput))).toMatchObject({
      code: 'CLIENT-EMPTY-RESPONSE',
    });
  });
});

describe(`${MosipClient.name}.searchRegistrationStatus`, () => {
  it('should POST the status envelope and return per-RID errors as data', async () => {
    const { mosip, sut } = setup();
    const missing = '10001100770000220250225111417';
    mosip.on('POST', PATHS.status, () =>
      mosipOk(
        [{ registrationId: RID, statusCode: 'PROCESSING', additionalInfoReqId: null }],
        [{ registrationId: missing, errorCode: 'RPR-RGS-031', errorMessage: 'RID Not Found' }],
      ),
    );
    const result = await sut.searchRegistrationStatus([RID, missing]);
    expect(result).toEqual({
      statuses: [{ registrationId: RID, statusCode: 'PROCESSING', additionalInfoReqId: null }],
      errors: [{ registrationId: missing, errorCode: 'RPR-RGS-031', errorMessage: 'RID Not Found' }],
    });
    expect(mosip.calls('POST', PATHS.status)[0]!.body).toEqual({
      id: 'mosip.registration.status',
      version: '1.0',
      requesttime: '2025-02-25T11:14:17.667Z',
      request: [{ registrationId: RID }, { registrationId: missing }],
    });
  });

  it('should return all-unknown RIDs as data when the response list is empty', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.status, () =>
      mosipOk([], [{ registrationId: RID, errorCode: 'RPR-RGS-031', errorMessage: 'RID Not Found' }]),
    );
    expect(await sut.searchRegistrationStatus([RID])).toEqual({
      statuses: [],
      errors: [{ registrationId: RID, errorCode: 'RPR-RGS-031', errorMessage: 'RID Not Found' }],
    });
  });

  it('should throw envelope-level errors (response null), reading errorMessage', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.status, () =>
      mosipErrors([
        {
          registrationId: null,
          errorCode: 'RPR-RGS-015',
          errorMessage: 'Invalid Request Value - Input Data is Incorrect',
        },
        {
          registrationId: null,
          errorCode: 'RPR-RGS-023',
          errorMessage: 'Invalid Request Parameter - requesttime',
        },
      ]),
    );
    const error = await caught(() => sut.searchRegistrationStatus([RID]));
    expect(error).toMatchObject({
      code: 'RPR-RGS-015',
      retryable: false,
      operation: 'searchRegistrationStatus',
    });
    expect((error as MosipError).errors).toHaveLength(2);
    expect((error as MosipError).errors[1]).toEqual({
      errorCode: 'RPR-RGS-023',
      message: 'Invalid Request Parameter - requesttime',
      registrationId: null,
    });
  });

  it(`should search in batches of ${STATUS_SEARCH_BATCH_SIZE} and merge the results`, async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.status, (request) => {
      const ids = (request.body as { request: Array<{ registrationId: string }> }).request;
      return mosipOk(
        ids.map(({ registrationId }) => ({ registrationId, statusCode: 'PROCESSED' })),
        [],
      );
    });
    const rids = Array.from({ length: 250 }, (_, i) => String(i).padStart(29, '1'));
    const result = await sut.searchRegistrationStatus(rids);
    expect(result.statuses.map((s) => s.registrationId)).toEqual(rids);
    expect(
      mosip.calls('POST', PATHS.status).map((c) => (c.body as { request: unknown[] }).request.length),
    ).toEqual([100, 100, 50]);
    expect(mosip.authCalls).toBe(1);
  });

  it('should not call MOSIP for an empty list', async () => {
    const { mosip, sut } = setup();
    expect(await sut.searchRegistrationStatus([])).toEqual({ statuses: [], errors: [] });
    expect(mosip.requests).toHaveLength(0);
  });
});

describe(`${MosipClient.name}.getRegistrationTransactions`, () => {
  const transaction = {
    id: 't-1',
    registrationId: RID,
    transactionTypeCode: 'UIN_GENERATOR',
    parentTransactionId: 't-0',
    statusCode: 'SUCCESS',
    subStatusCode: 'RPR-UIN-SUCCESS-000',
    statusComment: 'UIN generated',
    createdDateTimes: '2025-02-25T11:20:00.000Z',
  };

  it('should GET the transactions of a RID with the cookie and no body', async () => {
    const { mosip, sut } = setup();
    mosip.on('GET', PATHS.transactions(RID), () => mosipOk([{ ...transaction, transactionFlowId: 'f' }]));
    expect(await sut.getRegistrationTransactions(RID)).toEqual([transaction]);
    const [call] = mosip.calls('GET', PATHS.transactions(RID));
    expect(call!.body).toBeUndefined();
    expect(call!.headers.get('cookie')).toMatch(/^Authorization=eyJ/);
  });

  it('should URL-encode the RID in the path', async () => {
    const { mosip, sut } = setup();
    mosip.on('GET', PATHS.transactions('a%2Fb'), () => mosipOk([]));
    expect(await sut.getRegistrationTransactions('a/b')).toEqual([]);
  });

  it('should throw RPR-RTS-001 as a retryable MOSIP error', async () => {
    const { mosip, sut } = setup();
    mosip.on('GET', PATHS.transactions(RID), () =>
      mosipErrors([{ errorCode: 'RPR-RTS-001', message: 'RID Not Found' }]),
    );
    expect(await caught(() => sut.getRegistrationTransactions(RID))).toMatchObject({
      code: 'RPR-RTS-001',
      retryable: true,
    });
  });

  it('should reject an empty RID with CLIENT-INVALID-REQUEST', async () => {
    const { sut } = setup();
    expect(await caught(() => sut.getRegistrationTransactions(''))).toMatchObject({
      code: 'CLIENT-INVALID-REQUEST',
    });
  });
});

describe(`${MosipClient.name} requesttime`, () => {
  it('should stamp every request with the injected clock in yyyy-MM-ddTHH:mm:ss.SSSZ', async () => {
    const { mosip, sut } = setup();
    mosip.clock.set(Date.UTC(2025, 11, 31, 23, 59, 59, 5));
    mosip.on('PUT', PATHS.createPacket, () => mosipOk(packetInfos(), []));
    mosip.on('POST', PATHS.workflow, () => mosipOk({ workflowInstanceId: 'w' }));
    mosip.on('POST', PATHS.status, () => mosipOk([], []));
    await sut.createPacket(samplePacket());
    await sut.createWorkflowInstance(workflowInput);
    await sut.searchRegistrationStatus([RID]);
    const stamped = mosip.requests.filter((r) => r.body !== undefined);
    expect(stamped).toHaveLength(4);
    for (const request of stamped) {
      const { requesttime } = request.body as { requesttime: string };
      expect(requesttime).toMatch(MOSIP_TIME);
      expect(requesttime).toBe('2025-12-31T23:59:59.005Z');
    }
  });

  it('should survive a JSON body that is not an object (e.g. an array) as CLIENT-BAD-RESPONSE', async () => {
    const { mosip, sut } = setup();
    mosip.on('POST', PATHS.workflow, () => json(200, [1, 2]));
    expect(await caught(() => sut.createWorkflowInstance(workflowInput))).toMatchObject({
      code: 'CLIENT-BAD-RESPONSE',
    });
  });
});
