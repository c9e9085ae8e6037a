import { randomInt } from 'node:crypto';
import { mosipTimestamp } from '@crvs-mosip/contracts';
import { applicantAge } from './classifier.ts';
import { DEMO_DEDUPE_SETTINGS, demographicKey, demoDedupeRuns } from './demo-dedupe.ts';
import { IdentityRepository } from './identity-repository.ts';
import { loadPacket } from './packet-access.ts';
import { PROCESS_CATEGORY } from './workflow-instance.ts';
import type { StageDefinition } from './stage-types.ts';
import { generateUin } from './uin.ts';

/** Fields the packet carries that are not identity attributes of the ID repository. */
const NOT_STORED = new Set(['IDSchemaVersion', 'UIN']);

const randomDigits = (n: number) => Array.from({ length: n }, () => String(randomInt(10))).join('');

/**
 * demo-dedupe: a NEW packet whose name, date of birth and gender match an existing identity is a
 * duplicate → complete-as-rejected (the CRVS_NEW route has no reprocess branch here).
 */
export const demoDedupeStage: StageDefinition = {
  name: 'DemoDedupeStage',
  transactionType: 'DEMOGRAPHIC_VERIFICATION',
  async run(ctx, registration) {
    const packet = await loadPacket(ctx, registration);
    const dob = typeof packet.identity.dateOfBirth === 'string' ? packet.identity.dateOfBirth : null;
    const age = applicantAge(dob, null, ctx.clock());
    if (!demoDedupeRuns(age, { ...DEMO_DEDUPE_SETTINGS, infantDedupe: ctx.config.infantDedupe })) {
      return {
        kind: 'success',
        comment: 'Demographic dedupe not applicable (registration.processor.infant.dedupe=N)',
      };
    }
    const key = demographicKey(packet.identity);
    const match = key ? new IdentityRepository(ctx.store).findByDemographicKey(key) : undefined;
    if (match) {
      const existing = new IdentityRepository(ctx.store).get(match);
      return {
        kind: 'rejected',
        comment: `Potential duplicate found with RID ${existing?.createdByRid ?? 'unknown'}`,
        subStatusCode: 'DEMO_DEDUPE_DUPLICATE',
      };
    }
    return { kind: 'success', comment: 'No demographic duplicate found' };
  },
};

/**
 * uin-generator: NEW → draws a UIN (MOSIP's UIN rules) and creates the identity; UPDATE (CRVS_DEATH,
 * CRVS_UPDATE) → finds the identity by the packet's UIN and applies the packet's fields. For CRVS_DEATH the
 * identity is marked deceased, not deactivated (MOSIP's current CRVS docs).
 */
export const uinGeneratorStage: StageDefinition = {
  name: 'UinGeneratorStage',
  transactionType: 'UIN_GENERATOR',
  async run(ctx, registration) {
    const packet = await loadPacket(ctx, registration);
    const identities = new IdentityRepository(ctx.store);
    const now = mosipTimestamp(ctx.clock());
    const attributes = Object.fromEntries(
      Object.entries(packet.identity).filter(([k]) => !NOT_STORED.has(k)),
    );
    if (PROCESS_CATEGORY[registration.process] === 'NEW') {
      const uin = generateUin({ randomDigits, isTaken: (candidate) => identities.exists(candidate) });
      const record = {
        uin,
        createdByRid: registration.registrationId,
        rids: [registration.registrationId],
        identity: attributes,
        status: 'ACTIVATED' as const,
        deceased: false,
        demographicKey: demographicKey(packet.identity),
        createdAt: now,
        updatedAt: now,
      };
      registration.uin = uin;
      return {
        kind: 'success',
        comment: 'UIN generated and identity created',
        commit: () => identities.save(record),
      };
    }
    const uin = typeof packet.identity.UIN === 'string' ? packet.identity.UIN : null;
    const existing = uin ? identities.get(uin) : undefined;
    if (!uin || !existing) {
      return { kind: 'failed', comment: 'UIN not found in the ID repository', subStatusCode: 'IDR-IDC-007' };
    }
    const deceased =
      registration.process === 'CRVS_DEATH' ? packet.identity.declaredAsDeceased !== 'N' : existing.deceased;
    const updated = {
      ...existing,
      identity: { ...existing.identity, ...attributes },
      rids: [...existing.rids, registration.registrationId],
      deceased,
      updatedAt: now,
    };
    registration.uin = uin;
    return {
      kind: 'success',
      comment: registration.process === 'CRVS_DEATH' ? 'Identity marked as deceased' : 'Identity updated',
      commit: () => identities.save(updated),
    };
  },
};

/** finalization: the identity is committed and the packet is done. */
export const finalizationStage: StageDefinition = {
  name: 'FinalizationStage',
  transactionType: 'FINALIZATION',
  run(ctx, registration) {
    const found = registration.uin ? new IdentityRepository(ctx.store).exists(registration.uin) : false;
    return Promise.resolve(
      found
        ? { kind: 'success', comment: 'Identity finalized' }
        : { kind: 'failed', comment: 'Identity to finalize not found' },
    );
  },
};
