import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { SERVICE_ACCOUNT_PREFIX } from '../idp/iam.ts';
import { DEFAULT_LEASE_SECONDS, type Hub } from '../websub/hub.ts';

/** The caller as the hub sees it after `/authorize/admin/validateToken`: `userId` and realm roles. */
interface HubCaller {
  userId: string;
  roles: string[];
}

/**
 * mosip/websub `hub/modules/security/security.bal`: the token is read only from the `Cookie` header, split
 * on `"; "`, the first part starting with `Authorization=`. (The hub validates it online through the auth
 * manager; the sandbox verifies the same token offline with the realm key.)
 */
async function caller(ctx: SandboxContext, request: FastifyRequest): Promise<HubCaller | null> {
  const part = (request.headers.cookie ?? '').split('; ').find((p) => p.startsWith('Authorization='));
  const token = part?.slice('Authorization='.length);
  if (!token) return null;
  const verified = await ctx.issuer.verify(token, ctx.clock());
  if (!verified.ok) return null;
  return { userId: verified.claims.preferred_username, roles: verified.claims.realm_access?.roles ?? [] };
}

/**
 * Topic authorization of `security.bal`: `P/NAME` needs `<prefix>_NAME_<individual>` and the caller's
 * user id (minus `service-account-`) equal to P; `NAME` needs `<prefix>_NAME_GENERAL`.
 */
export function authorizedFor(who: HubCaller, topic: string, action: 'SUBSCRIBE' | 'PUBLISH'): boolean {
  const slash = topic.indexOf('/');
  if (slash < 0) return who.roles.includes(`${action}_${topic}_GENERAL`);
  const partner = topic.slice(0, slash);
  const name = topic.slice(slash + 1);
  const role = action === 'SUBSCRIBE' ? `SUBSCRIBE_${name}_INDIVIDUAL` : `PUBLISH_${name}_ALL_INDIVIDUAL`;
  const user = who.userId.startsWith(SERVICE_ACCOUNT_PREFIX)
    ? who.userId.slice(SERVICE_ACCOUNT_PREFIX.length)
    : who.userId;
  return who.roles.includes(role) && user === partner;
}

const FORM = 'application/x-www-form-urlencoded';

/** An error from `onSubscription`/`onTopicRegistration`: a plain Ballerina error → HTTP 500 (12.1). */
const internalError = (reply: FastifyReply, reason: string) =>
  reply
    .code(500)
    .type(FORM)
    .send(`hub.mode=denied&hub.reason=${encodeURIComponent(reason)}`);

/**
 * `POST /hub` and `/websub/hub` (mosip/websub `hub/hub_service.bal` on the Ballerina websubhub library
 * `http_service.bal`): form body for subscribe/unsubscribe/register, JSON content with `hub.mode=publish`
 * and `hub.topic` in the query string for publishers.
 */
export function registerWebSubHubRoutes(app: FastifyInstance, ctx: SandboxContext, hub: Hub): void {
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const query = request.query as Record<string, string | undefined>;
    const isForm = (request.headers['content-type'] ?? '').startsWith(FORM);
    const form = isForm ? ((request.body ?? {}) as Record<string, string | undefined>) : {};
    const mode = form['hub.mode'] ?? query['hub.mode'];
    const topic = form['hub.topic'] ?? query['hub.topic'];
    if (mode === 'publish') {
      if (!topic) return reply.code(400).type('text/plain').send('Empty topic');
      const who = await caller(ctx, request);
      if (!who) return internalError(reply, 'Authorization token cannot be found');
      if (!authorizedFor(who, topic, 'PUBLISH')) return internalError(reply, 'Publisher is not authorized');
      hub.publish(topic, isForm ? form : request.body);
      return reply.code(200).type(FORM).send('hub.mode=accepted');
    }
    if (mode === 'register' || mode === 'deregister') {
      if (!topic) return reply.code(400).type('text/plain').send('Empty topic');
      const who = await caller(ctx, request);
      if (!who) return internalError(reply, 'Authorization token cannot be found');
      if (!authorizedFor(who, topic, 'PUBLISH')) return internalError(reply, 'Publisher is not authorized');
      if (mode === 'register') hub.registerTopic(topic);
      return reply.code(200).type(FORM).send('hub.mode=accepted');
    }
    if (mode !== 'subscribe' && mode !== 'unsubscribe') {
      return reply
        .code(400)
        .type('text/plain')
        .send(`Unsupported hub.mode: ${mode ?? ''}`);
    }
    const callback = form['hub.callback'];
    if (!isForm || !topic || !callback) {
      return reply
        .code(400)
        .type('text/plain')
        .send('Empty value found for parameter hub.topic or hub.callback');
    }
    const who = await caller(ctx, request);
    if (!who) return internalError(reply, 'Authorization token cannot be found');
    if (!authorizedFor(who, topic, 'SUBSCRIBE')) return internalError(reply, 'Subscriber is not authorized');
    const lease = Number.parseInt(form['hub.lease_seconds'] ?? '', 10);
    const leaseSeconds = Number.isFinite(lease) && lease > 0 ? lease : DEFAULT_LEASE_SECONDS;
    hub.verifyIntent({ mode, topic, callback, secret: form['hub.secret'] ?? '', leaseSeconds });
    return reply.code(202).type(FORM).send('hub.mode=accepted');
  };
  app.post('/hub', handler);
  app.post('/websub/hub', handler);
}
