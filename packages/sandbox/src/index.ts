export { createSandbox, startSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';
export { defaultSandboxConfig, type SandboxConfig, type SeedName } from './config.ts';
export { SANDBOX_CREDENTIALS } from './seeds.ts';
export { ENDPOINTS, faultSettingsSchema, type FaultSettings, type EndpointName } from './faults/faults.ts';
export { createSelfSignedCertificate, certificateToPem } from './keymanager/self-signed-certificate.ts';
