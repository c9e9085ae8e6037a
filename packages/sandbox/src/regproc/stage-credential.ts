import { generateVid, issueCredential } from '../credentials/credential-issuer.ts';
import { Partners } from '../credentials/partners.ts';
import { IdentityRepository } from './identity-repository.ts';
import type { StageDefinition } from './stage-types.ts';

/**
 * credential-requestor (CRVS_NEW, after finalization): requests a credential for every partner and the
 * credential service publishes `<partnerId>/CREDENTIAL_ISSUED`. mosip/registration
 * `registration-processor/post-processor/registration-processor-credential-requestor-stage/.../
 * CredentialRequestorStage.java` records the transaction type `PRINT_SERVICE`; partners come from
 * `CredentialPartnerUtil` (mosip-config `registration-processor-credential-partners.json`) — in the sandbox,
 * every partner registered with a certificate through `PUT /sandbox/admin/partners/{partnerId}`.
 * The events are queued in the same transaction that completes the stage.
 */
export const credentialRequestorStage: StageDefinition = {
  name: 'CredentialRequestorStage',
  transactionType: 'PRINT_SERVICE',
  run(ctx, registration) {
    const identity = registration.uin ? new IdentityRepository(ctx.store).get(registration.uin) : undefined;
    if (!identity) {
      return Promise.resolve({ kind: 'failed', comment: 'UIN not found for the registration' } as const);
    }
    const partners = new Partners(ctx.store).list();
    const vid = generateVid();
    const events = partners.map((partner) =>
      issueCredential(
        { now: new Date(ctx.clock()), uuid: ctx.uuid, keyStore: ctx.keyStore },
        partner,
        identity,
        registration.registrationId,
        vid,
      ),
    );
    return Promise.resolve({
      kind: 'success',
      comment:
        partners.length === 0
          ? 'No credential partner configured'
          : `Credential requested for ${partners.map((p) => p.partnerId).join(', ')}`,
      commit: () => {
        for (const event of events) ctx.hub.publish(event.topic, event);
      },
    } as const);
  },
};
