import { identityForValidatePacket, mandatoryAttributesFor, validateIdObject } from '@crvs-mosip/contracts';
import { KINDS, type Centre, type IamUser, type Machine, type UserCentre } from '../state/models.ts';
import { ageGroupTag, operationsTags } from './classifier.ts';
import { loadPacket } from './packet-access.ts';
import { labelValue, type StageDefinition } from './stage-types.ts';

const NOT_AVAILABLE = '--TAG_VALUE_NOT_AVAILABLE--';

/**
 * packet-validator: reads the packet through the packet manager (signature, integrity, hashes) and runs
 * the IdObjectValidator with the process's mandatory attributes (`/validatePacket`). Unreadable or invalid
 * packets go to complete-as-failed.
 */
export const packetValidatorStage: StageDefinition = {
  name: 'PacketValidatorStage',
  transactionType: 'VALIDATE_PACKET',
  async run(ctx, registration) {
    let packet;
    try {
      packet = await loadPacket(ctx, registration);
    } catch (error) {
      const e = error as { code?: string; message?: string };
      return {
        kind: 'failed',
        comment: `Packet could not be read: ${e.code ?? ''} ${e.message ?? ''}`.trim(),
        subStatusCode: e.code,
      };
    }
    // IdObjectValidator throws (an internal error) when the process has no mandatory-attribute list.
    if (mandatoryAttributesFor(registration.process).length === 0) {
      return {
        kind: 'failed',
        comment: `No mandatory-attribute list configured for ${registration.process}`,
      };
    }
    const errors = validateIdObject(
      identityForValidatePacket(packet.identity, ctx.idSchema.parsed),
      ctx.idSchema.parsed,
      registration.process,
      {
        languages: ctx.config.languages,
        atEpochMs: ctx.clock(),
      },
    );
    if (errors.length > 0) {
      const summary = errors.map((e) => `${e.code} ${e.message}`).join('; ');
      return {
        kind: 'failed',
        comment: `ID object validation failed: ${summary}`,
        subStatusCode: errors[0]?.code,
      };
    }
    return { kind: 'success', comment: 'Packet is valid' };
  },
};

/** packet-classifier: AGE_GROUP, officer/supervisor and centre tags (`mosip.regproc.packet.classifier.tagging.*`). */
export const packetClassifierStage: StageDefinition = {
  name: 'PacketClassifierStage',
  transactionType: 'PACKET_CLASSIFICATION',
  async run(ctx, registration) {
    const packet = await loadPacket(ctx, registration);
    const meta = packet.metaInfo;
    const dob = typeof packet.identity.dateOfBirth === 'string' ? packet.identity.dateOfBirth : null;
    const age =
      typeof packet.identity.age === 'number' || typeof packet.identity.age === 'string'
        ? packet.identity.age
        : null;
    let ageGroup: string;
    try {
      // AgeGroupTagGenerator measures the age on the day the stage runs (LocalDate.now()), not at packet creation.
      ageGroup = ageGroupTag(dob, ctx.clock(), age);
    } catch (error) {
      const e = error as { code?: string; message: string };
      return { kind: 'failed', comment: `Packet classification failed: ${e.message}`, subStatusCode: e.code };
    }
    registration.tags = {
      ...registration.tags,
      AGE_GROUP: ageGroup,
      ...operationsTags(Array.isArray(meta.operationsData) ? meta.operationsData : []),
      'META_INFO-META_DATA-centerId': labelValue(meta.metaData, 'centerId') ?? NOT_AVAILABLE,
    };
    return { kind: 'success', comment: 'Packet classified' };
  },
};

function withinWorkingHours(centre: Centre, createdAtMs: number): boolean {
  const time = new Date(createdAtMs).toISOString().slice(11, 19);
  return time >= centre.centerStartTime && time <= centre.centerEndTime;
}

/**
 * cmd-validator: the CRVS_NEW route accepts INFANT packets only; centre and machine must exist and be
 * active, and the packet must be created within the centre's working hours
 * (`mosip.regproc.cmd-validator.*-validation.processes`, `working-hour-validation-required=true`).
 */
export const cmdValidatorStage: StageDefinition = {
  name: 'CMDValidatorStage',
  transactionType: 'CMD_VALIDATION',
  async run(ctx, registration) {
    if (registration.process === 'CRVS_NEW' && registration.tags.AGE_GROUP !== 'INFANT') {
      return {
        kind: 'failed',
        comment: `INFANT packet is allowed but received the ${registration.tags.AGE_GROUP ?? 'unknown'} packet hence rejecting the packet`,
      };
    }
    const packet = await loadPacket(ctx, registration);
    const centreId = labelValue(packet.metaInfo.metaData, 'centerId');
    const machineId = labelValue(packet.metaInfo.metaData, 'machineId');
    const centre = centreId ? ctx.store.get<Centre>(KINDS.centre, centreId) : undefined;
    if (!centre || !centre.isActive) {
      return { kind: 'failed', comment: `Center ${centreId ?? '(none)'} not found or not active` };
    }
    const machine = machineId ? ctx.store.get<Machine>(KINDS.machine, machineId) : undefined;
    if (!machine || !machine.isActive) {
      return { kind: 'failed', comment: `Machine ${machineId ?? '(none)'} not found or not active` };
    }
    const createdAt = Date.parse(
      typeof packet.metaInfo.creationDate === 'string' ? packet.metaInfo.creationDate : '',
    );
    if (!Number.isNaN(createdAt) && !withinWorkingHours(centre, createdAt)) {
      return { kind: 'failed', comment: `Packet created outside the working hours of center ${centre.id}` };
    }
    return { kind: 'success', comment: 'Center, machine and device validated' };
  },
};

/** The officer or supervisor must be an active user mapped to the packet's centre and have authenticated. */
async function validateOperator(
  ctx: Parameters<StageDefinition['run']>[0],
  registration: Parameters<StageDefinition['run']>[1],
  who: 'officer' | 'supervisor',
) {
  const packet = await loadPacket(ctx, registration);
  const ops = packet.metaInfo.operationsData;
  const userId = labelValue(ops, `${who}Id`);
  if (!userId) return { kind: 'failed' as const, comment: `${who}Id is missing` };
  const user = ctx.iam.findUser('mosip', userId);
  if (!user || !user.enabled) {
    return { kind: 'failed' as const, comment: `${who} ${userId} is not an active user` };
  }
  const centreId = labelValue(packet.metaInfo.metaData, 'centerId');
  const mapping = ctx.store.get<UserCentre>(KINDS.userCentre, userId);
  if (!mapping || !mapping.isActive || mapping.regCenterId !== centreId) {
    return {
      kind: 'failed' as const,
      comment: `${who} ${userId} is not mapped to center ${centreId ?? '(none)'}`,
    };
  }
  const authenticated =
    labelValue(ops, `${who}Password`) === 'true' ||
    labelValue(ops, `${who}OTPAuthentication`) === 'true' ||
    labelValue(ops, `${who}BiometricFileName`) != null;
  if (!authenticated) {
    return { kind: 'failed' as const, comment: `${who} ${userId} authentication was not done` };
  }
  void (user satisfies IamUser);
  return { kind: 'success' as const, comment: `${who} ${userId} validated` };
}

export const operatorValidatorStage: StageDefinition = {
  name: 'OperatorValidatorStage',
  transactionType: 'OPERATOR_VALIDATION',
  run: (ctx, registration) => validateOperator(ctx, registration, 'officer'),
};

export const supervisorValidatorStage: StageDefinition = {
  name: 'SupervisorValidatorStage',
  transactionType: 'SUPERVISOR_VALIDATION',
  run: (ctx, registration) => validateOperator(ctx, registration, 'supervisor'),
};
