import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticator } from '../api/auth.ts';
import type { BridgeConfig } from '../config.ts';
import { AppError } from '../errors.ts';
import type { RegistrationService } from '../services/registration-service.ts';
import { waitingForCredential } from '../services/registration-view.ts';
import type { EventActor } from '../store/schema.ts';
import type { DashboardSources } from './dashboard-data.ts';
import type { DetailData } from './detail-view.ts';
import { createGuard, type Viewer } from './guard.ts';
import type { PageContext } from './layout.ts';
import { OperatorActions } from './operator-actions.ts';
import { packetView } from './packet-view.ts';
import type { HealthCheckRunner } from './settings-view.ts';
import { SessionCodec } from './session.ts';

export interface DashboardDeps extends DashboardSources {
  auth: Authenticator;
  service: RegistrationService;
  config: BridgeConfig;
  /** The `crvs-mosip doctor` checks, supplied by the CLI; null shows how to run them instead. */
  healthChecks: HealthCheckRunner | null;
  /** (Default: 8 hours) */
  sessionTtlMs?: number;
}

/** What every group of dashboard routes shares: its dependencies, the session codec, the guard, helpers. */
export interface DashboardContext {
  deps: DashboardDeps;
  codec: SessionCodec;
  guard: ReturnType<typeof createGuard>;
  actions: OperatorActions;
  /** Sends an HTML page or fragment. */
  send: (reply: FastifyReply, status: number, body: string) => FastifyReply;
  /** The page context (signed-in user, navigation, messages) of a request. */
  pageContext: (request: FastifyRequest, extra?: Partial<PageContext>) => PageContext;
  /** Who an operator action is recorded as. */
  actor: (viewer: Viewer | undefined) => EventActor;
  /** Everything the detail page shows; with `revealFor`, the packet unmasked and the reveal recorded. */
  loadDetail: (ref: string, revealFor: EventActor | null) => Promise<DetailData>;
}

/** A form field of a urlencoded body (parsed to URLSearchParams by the dashboard's content parser). */
export const formField = (request: FastifyRequest, name: string): string | undefined =>
  (request.body as URLSearchParams | undefined)?.get?.(name) ?? undefined;

export function createDashboardContext(deps: DashboardDeps): DashboardContext {
  const codec = new SessionCodec(deps.config.ENCRYPTION_KEY, deps.sessionTtlMs ?? 8 * 3_600_000);
  const guard = createGuard({ codec, store: deps.store, clock: deps.clock });
  const actions = new OperatorActions({ store: deps.store, service: deps.service, clock: deps.clock });
  return {
    deps,
    codec,
    guard,
    actions,
    send: (reply, status, body) => reply.code(status).type('text/html; charset=utf-8').send(body),
    pageContext: (request, extra = {}) => ({
      ...(request.viewer
        ? {
            user: {
              keyId: request.viewer.keyId,
              canOperate: request.viewer.canOperate,
              csrf: request.viewer.csrf,
            },
          }
        : {}),
      ...extra,
    }),
    actor: (viewer) => `operator:${viewer?.keyId ?? 'unknown'}`,
    loadDetail: async (ref, revealFor) => {
      const registration = await deps.store.registrations.findByAnyId(ref);
      if (!registration) throw new AppError('NOT_FOUND');
      const revealed = revealFor ? await actions.reveal(registration.id, revealFor) : null;
      const [events, jobs, attempts, payload] = await Promise.all([
        deps.store.events.listForRegistration(registration.id),
        deps.store.outbox.findByRegistration(registration.id),
        deps.store.webhookAttempts.listForRegistration(registration.id),
        revealed ? Promise.resolve(null) : deps.store.registrations.loadPayload(registration.id),
      ]);
      const now = deps.clock();
      const packet = revealed ?? payload?.packet ?? null;
      return {
        registration,
        events,
        jobs,
        attempts,
        packet: packet ? packetView(packet, revealed !== null) : null,
        waitingForCredentialMs:
          waitingForCredential(registration, events, now, deps.config.CREDENTIAL_WAIT_MS)?.elapsedMs ?? null,
        now,
      };
    },
  };
}
