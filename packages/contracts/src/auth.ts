import { z } from 'zod';
import { requestWrapperSchema, responseWrapperSchema } from './envelope.ts';

/** `ClientSecret` (mosip/mosip-openid-bridge, kernel-auth-service): no field validation in MOSIP. */
export const clientSecretSchema = z.object({
  clientId: z.string().nullable().optional(),
  secretKey: z.string().nullable().optional(),
  appId: z.string().nullable().optional(),
});
export type ClientSecret = z.infer<typeof clientSecretSchema>;

export const clientSecretRequestSchema = requestWrapperSchema(clientSecretSchema);

export const authResponseSchema = responseWrapperSchema(
  z.object({ status: z.string(), message: z.string().nullable().optional() }),
);
export type AuthResponse = z.infer<typeof authResponseSchema>;

/** The exact success message of `AuthController.clientIdSecretKey`. */
export const AUTH_SUCCESS_MESSAGE = 'Clientid and Token combination had been validated successfully';

/** `mosip.kernel.auth.appid-realm-map` (mosip-config, application-default.properties): every app maps to realm `mosip`. */
export const APP_ID_REALMS: Readonly<Record<string, string>> = {
  prereg: 'mosip',
  ida: 'mosip',
  registrationclient: 'mosip',
  regproc: 'mosip',
  partner: 'mosip',
  resident: 'mosip',
  admin: 'mosip',
  crereq: 'mosip',
  creser: 'mosip',
  datsha: 'mosip',
  idrepo: 'mosip',
  hotlist: 'mosip',
  digitalcard: 'mosip',
  signup: 'mosip',
};

/** Claims MOSIP reads from a Keycloak access token. */
export const mosipTokenClaimsSchema = z.object({
  iss: z.string(),
  exp: z.number(),
  iat: z.number().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  azp: z.string().optional(),
  preferred_username: z.string().optional(),
  realm_access: z.object({ roles: z.array(z.string()) }).optional(),
  scope: z.string().optional(),
});
export type MosipTokenClaims = z.infer<typeof mosipTokenClaimsSchema>;
