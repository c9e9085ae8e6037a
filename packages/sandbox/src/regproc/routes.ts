import type { RegistrationRecord } from '../state/models.ts';
import { credentialRequestorStage } from './stage-credential.ts';
import type { StageDefinition } from './stage-types.ts';
import { demoDedupeStage, finalizationStage, uinGeneratorStage } from './stages-identity.ts';
import {
  cmdValidatorStage,
  operatorValidatorStage,
  packetClassifierStage,
  packetValidatorStage,
  supervisorValidatorStage,
} from './stages-validation.ts';

const NOT_AVAILABLE = '--TAG_VALUE_NOT_AVAILABLE--';
const hasTag = (r: RegistrationRecord, tag: string) => {
  const value = r.tags[tag];
  return value != null && value !== '' && value !== NOT_AVAILABLE;
};

export const STAGES: Record<string, StageDefinition> = Object.fromEntries(
  [
    packetValidatorStage,
    packetClassifierStage,
    cmdValidatorStage,
    operatorValidatorStage,
    supervisorValidatorStage,
    demoDedupeStage,
    uinGeneratorStage,
    finalizationStage,
    credentialRequestorStage,
  ].map((s) => [s.name, s]),
);

/**
 * Stage routing after a success, per process. CRVS_NEW follows mosip-config
 * `registration-processor-camel-routes-infant-crvs_new-default.xml`, CRVS_DEATH
 * `registration-processor-camel-routes-crvs_death-default.xml`. CRVS_UPDATE has no MOSIP route yet; it
 * is modelled on the CRVS_DEATH route (an UPDATE-category packet applied to an existing UIN). CRVS_NEW
 * continues "finalization → credential-requestor → complete-as-processed".
 */
export function nextStage(process: string, current: string, registration: RegistrationRecord): string | null {
  const afterOperator = process === 'CRVS_NEW' ? 'DemoDedupeStage' : 'UinGeneratorStage';
  switch (current) {
    case 'PacketValidatorStage':
      return 'PacketClassifierStage';
    case 'PacketClassifierStage':
      return 'CMDValidatorStage';
    case 'CMDValidatorStage':
      if (hasTag(registration, 'META_INFO-OPERATIONS_DATA-officerId')) return 'OperatorValidatorStage';
      if (hasTag(registration, 'META_INFO-OPERATIONS_DATA-supervisorId')) return 'SupervisorValidatorStage';
      return 'FAILED';
    case 'OperatorValidatorStage':
      return hasTag(registration, 'META_INFO-OPERATIONS_DATA-supervisorId')
        ? 'SupervisorValidatorStage'
        : afterOperator;
    case 'SupervisorValidatorStage':
      return afterOperator;
    case 'DemoDedupeStage':
      return 'UinGeneratorStage';
    case 'UinGeneratorStage':
      return 'FinalizationStage';
    case 'FinalizationStage':
      return process === 'CRVS_NEW' ? 'CredentialRequestorStage' : null;
    case 'CredentialRequestorStage':
      return null;
    default:
      return 'FAILED';
  }
}

/** Processes with a configured route in the sandbox. */
export const ROUTED_PROCESSES = ['CRVS_NEW', 'CRVS_DEATH', 'CRVS_UPDATE'];
