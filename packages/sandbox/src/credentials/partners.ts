import { createHash, X509Certificate } from 'node:crypto';
import type { DocumentStore } from '../state/document-store.ts';

/** Document kind of registered credential partners. */
const PARTNER_KIND = 'credential-partner';

/**
 * A credential partner with its encryption certificate. In MOSIP the certificate is uploaded through
 * partner management (mosip/partner-management-services) and stored by the keymanager under application
 * `PARTNER`, reference `<partnerId>`; the credential service encrypts to it (id-repository
 * `credential-service/.../util/EncryptionUtil.java`).
 */
export interface CredentialPartner {
  partnerId: string;
  certificatePem: string;
  /** Hex SHA-256 of the DER certificate (the thumbprint that `/encrypt` prepends). */
  thumbprint: string;
  registeredAt: string;
}

export class PartnerCertificateError extends Error {}

/** The sandbox's partner registry (the part of partner management the credential flow needs). */
export class Partners {
  constructor(private readonly store: DocumentStore) {}

  /** Registers or replaces a partner's certificate; it must be an X.509 certificate with an RSA key. */
  register(partnerId: string, certificatePem: string, now: Date): CredentialPartner {
    let certificate: X509Certificate;
    try {
      certificate = new X509Certificate(certificatePem);
    } catch (error) {
      throw new PartnerCertificateError(`Not an X.509 certificate: ${(error as Error).message}`);
    }
    if (certificate.publicKey.asymmetricKeyType !== 'rsa') {
      throw new PartnerCertificateError('The certificate key must be RSA (RSA-OAEP-256 key wrapping).');
    }
    const partner: CredentialPartner = {
      partnerId,
      certificatePem: certificate.toString(),
      thumbprint: createHash('sha256').update(certificate.raw).digest('hex'),
      registeredAt: now.toISOString(),
    };
    this.store.put(PARTNER_KIND, partnerId, partner);
    return partner;
  }

  list(): CredentialPartner[] {
    return this.store.list<CredentialPartner>(PARTNER_KIND);
  }
}
