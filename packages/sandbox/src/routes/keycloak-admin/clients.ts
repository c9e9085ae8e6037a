import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../../context.ts';
import type { IamClient } from '../../state/models.ts';
import {
  created,
  generateClientSecret,
  kcError,
  kcErrorMessage,
  page,
  type RealmParams,
} from './admin-auth.ts';
import { clientRepresentation, serviceAccountRepresentation } from './representations.ts';

interface ClientParams extends RealmParams {
  id: string;
}

/** The fields of a `ClientRepresentation` the sandbox keeps; absent (undefined) fields stay as they are. */
interface ClientInput {
  id?: unknown;
  clientId?: unknown;
  name?: unknown;
  description?: unknown;
  secret?: unknown;
  enabled?: unknown;
  publicClient?: unknown;
  serviceAccountsEnabled?: unknown;
  bearerOnly?: unknown;
  standardFlowEnabled?: unknown;
  implicitFlowEnabled?: unknown;
  directAccessGrantsEnabled?: unknown;
  redirectUris?: unknown;
  webOrigins?: unknown;
  rootUrl?: unknown;
  baseUrl?: unknown;
  adminUrl?: unknown;
  protocol?: unknown;
  attributes?: unknown;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const strings = (v: unknown) =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;
const stringMap = (v: unknown) =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v).filter((e): e is [string, string] => typeof e[1] === 'string'))
    : undefined;

/** `RepresentationToModel.updateClient`: only the fields present in the representation change. */
function applyClientInput(client: IamClient, input: ClientInput): IamClient {
  const next: IamClient = { ...client };
  const set = <K extends keyof IamClient>(key: K, value: IamClient[K] | undefined) => {
    if (value !== undefined) next[key] = value;
  };
  set('clientId', str(input.clientId));
  set('name', str(input.name));
  set('description', str(input.description));
  set('secret', str(input.secret));
  set('enabled', bool(input.enabled));
  set('publicClient', bool(input.publicClient));
  set('serviceAccountsEnabled', bool(input.serviceAccountsEnabled));
  set('bearerOnly', bool(input.bearerOnly));
  set('standardFlowEnabled', bool(input.standardFlowEnabled));
  set('implicitFlowEnabled', bool(input.implicitFlowEnabled));
  set('directAccessGrantsEnabled', bool(input.directAccessGrantsEnabled));
  set('redirectUris', strings(input.redirectUris));
  set('webOrigins', strings(input.webOrigins));
  set('rootUrl', str(input.rootUrl));
  set('baseUrl', str(input.baseUrl));
  set('adminUrl', str(input.adminUrl));
  set('protocol', str(input.protocol));
  const attributes = stringMap(input.attributes);
  if (attributes) next.attributes = { ...client.attributes, ...attributes };
  return next;
}

/**
 * Clients of a realm (keycloak/keycloak `services/src/main/java/org/keycloak/services/resources/admin/
 * ClientsResource.java` and `ClientResource.java`). A client created here is immediately usable at the
 * token endpoint and the auth manager; with service accounts, its service-account user exists at once.
 */
export function registerClientRoutes(app: FastifyInstance, ctx: SandboxContext): void {
  const notFound = (reply: Parameters<typeof kcError>[0]) => kcError(reply, 404, 'Could not find client');

  /** `GET /clients?clientId=&search=&first=&max=`: exact clientId match unless `search=true`. */
  app.get<{
    Params: RealmParams;
    Querystring: { clientId?: string; search?: string; first?: string; max?: string };
  }>('/clients', (request) => {
    const { clientId, search } = request.query;
    let clients = ctx.iam.listClients(request.params.realm);
    if (clientId !== undefined) {
      clients =
        search === 'true'
          ? clients.filter((c) => c.clientId.toLowerCase().includes(clientId.toLowerCase()))
          : clients.filter((c) => c.clientId === clientId);
    }
    return page(clients, request.query).map(clientRepresentation);
  });

  /**
   * `POST /clients` → 201 and `Location: …/clients/{id}`; an existing clientId (or id) → 409
   * `{"errorMessage":"Client <clientId> already exists"}`. A confidential client without a secret gets a
   * generated one; OIDC defaults: standard flow and direct access grants on.
   */
  app.post<{ Params: RealmParams; Body: ClientInput }>('/clients', (request, reply) => {
    const { realm } = request.params;
    const input = request.body ?? {};
    const clientId = str(input.clientId);
    if (!clientId) return kcErrorMessage(reply, 400, 'Client id is missing');
    const id = str(input.id) ?? ctx.uuid();
    if (ctx.iam.findClient(realm, clientId) || ctx.iam.findClientById(realm, id)) {
      return kcErrorMessage(reply, 409, `Client ${clientId} already exists`);
    }
    const base: IamClient = {
      id,
      realm,
      clientId,
      secret: '',
      enabled: true,
      serviceAccountsEnabled: false,
      publicClient: false,
      roles: [],
    };
    const client = applyClientInput(base, input);
    if (!client.publicClient && !client.secret) client.secret = generateClientSecret();
    ctx.iam.saveClient(client);
    return created(request, reply, `/auth/admin/realms/${realm}/clients/${id}`);
  });

  app.get<{ Params: ClientParams }>('/clients/:id', (request, reply) => {
    const client = ctx.iam.findClientById(request.params.realm, request.params.id);
    return client ? clientRepresentation(client) : notFound(reply);
  });

  /**
   * `PUT /clients/{id}` → 204. Present fields change; enabling service accounts creates the service-account
   * user; a clientId already used by another client → 409 `{"errorMessage":"Client already exists"}`.
   */
  app.put<{ Params: ClientParams; Body: ClientInput }>('/clients/:id', (request, reply) => {
    const { realm, id } = request.params;
    const client = ctx.iam.findClientById(realm, id);
    if (!client) return notFound(reply);
    const next = applyClientInput(client, { ...(request.body ?? {}), id: undefined });
    const clash = ctx.iam.findClient(realm, next.clientId);
    if (clash && clash.id !== client.id) return kcErrorMessage(reply, 409, 'Client already exists');
    if (!next.publicClient && !next.secret) next.secret = generateClientSecret();
    ctx.iam.replaceClient(client.clientId, next);
    return reply.code(204).send();
  });

  /** `GET /clients/{id}/client-secret` → `CredentialRepresentation` `{type:"secret", value}`. */
  app.get<{ Params: ClientParams }>('/clients/:id/client-secret', (request, reply) => {
    const client = ctx.iam.findClientById(request.params.realm, request.params.id);
    if (!client) return notFound(reply);
    return { type: 'secret', value: client.secret };
  });

  /** `POST /clients/{id}/client-secret`: a new secret; the old one stops working at once. */
  app.post<{ Params: ClientParams }>('/clients/:id/client-secret', (request, reply) => {
    const client = ctx.iam.findClientById(request.params.realm, request.params.id);
    if (!client) return notFound(reply);
    const secret = generateClientSecret();
    ctx.iam.saveClient({ ...client, secret });
    return { type: 'secret', value: secret };
  });

  /**
   * `GET /clients/{id}/service-account-user` → the `service-account-<clientId>` user; service accounts off
   * → 400 `{"error":"Service account not enabled for the client '<clientId>'"}`.
   */
  app.get<{ Params: ClientParams }>('/clients/:id/service-account-user', (request, reply) => {
    const client = ctx.iam.findClientById(request.params.realm, request.params.id);
    if (!client) return notFound(reply);
    if (!client.serviceAccountsEnabled) {
      return kcError(reply, 400, `Service account not enabled for the client '${client.clientId}'`);
    }
    const withUser = client.serviceAccountUserId ? client : ctx.iam.saveClient(client);
    return serviceAccountRepresentation(withUser);
  });
}
