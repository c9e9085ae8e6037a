import type { SandboxContext } from '../context.ts';
import { readPacket, type ReadPacketResult } from '../packet-manager/packet-reader.ts';
import { KINDS, type Machine, type RegistrationRecord } from '../state/models.ts';

/**
 * Reads a registration's packet the way the registration processor does through the packet manager:
 * decrypt, verify the signature with the machine's signing key from masterdata (syncdata
 * `tpm/publickey/{machineId}`), check integrity and hashes.
 */
export async function loadPacket(
  ctx: SandboxContext,
  registration: RegistrationRecord,
): Promise<ReadPacketResult> {
  return readPacket(registration.registrationId, registration.source, registration.process, {
    store: ctx.packetStore,
    keyStore: ctx.keyStore,
    signingPublicKeyFor: (machineId: string) => {
      const machine = ctx.store.get<Machine>(KINDS.machine, machineId);
      return machine ? Buffer.from(machine.signPublicKey, 'base64url') : null;
    },
  });
}
