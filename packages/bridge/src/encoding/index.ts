export * from './issues.ts';
export * from './registration-request.ts';
export * from './encode-registration.ts';
export * from './build-packet.ts';
export { DEFAULT_DATE_FORMAT } from './field-checks.ts';
export { DEATH_FIELDS, mandatoryGroupsFor } from './process-rules.ts';
