export { startBridge, createApiKey, type Bridge, type BridgeOptions } from './bridge.ts';
export {
  configSchema,
  loadConfig,
  loadDatabaseUrl,
  renderEnvExample,
  ConfigError,
  SECRET_KEYS,
  type BridgeConfig,
} from './config.ts';
export { ERRORS, AppError, type ErrorCode } from './errors.ts';
export { loadPartnerKey, loadIssuerKey } from './websub/partner-key.ts';
