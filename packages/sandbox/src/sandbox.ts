import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseIdSchema } from '@crvs-mosip/contracts';
import Fastify, { type FastifyInstance } from 'fastify';
import { defaultSandboxConfig, type SandboxConfig } from './config.ts';
import type { SandboxContext } from './context.ts';
import { registerFaultHook } from './faults/fault-hook.ts';
import { faultSettingsSchema, NO_FAULTS, type FaultSettings } from './faults/faults.ts';
import { Iam } from './idp/iam.ts';
import { TokenIssuer } from './idp/token-issuer.ts';
import { KeyStore } from './keymanager/key-store.ts';
import { PacketStore } from './packet-manager/packet-store.ts';
import { Pipeline, type PipelineEvents } from './regproc/pipeline.ts';
import { registerAuthManagerRoutes } from './routes/auth-manager.ts';
import { registerValidateTokenRoute } from './routes/auth-validate-token.ts';
import { registerKeycloakAdminRoutes } from './routes/keycloak-admin/index.ts';
import { registerKeycloakOidcRoutes } from './routes/keycloak-oidc.ts';
import { registerKeymanagerRoutes } from './routes/keymanager.ts';
import { registerCentreRoutes } from './routes/masterdata-centres.ts';
import { registerMachineRoutes } from './routes/masterdata-machines.ts';
import { registerMappingSearchRoutes } from './routes/masterdata-mapping-search.ts';
import { registerUserMappingRoutes } from './routes/masterdata-user-mapping.ts';
import { registerZoneRoutes } from './routes/masterdata-zones.ts';
import { registerMasterdataRoutes } from './routes/masterdata.ts';
import { registerPacketManagerRoutes } from './routes/packet-manager.ts';
import { registerRegistrationStatusRoutes } from './routes/registration-status.ts';
import { registerSandboxAdminRoutes } from './routes/sandbox-admin.ts';
import { registerWorkflowManagerRoutes } from './routes/workflow-manager.ts';
import { registerWebSubHubRoutes } from './routes/websub-hub.ts';
import { applySeed } from './seeds.ts';
import { DocumentStore } from './state/document-store.ts';
import { KINDS } from './state/models.ts';
import { Hub } from './websub/hub.ts';

/** `mosip.regproc.workflow.complete.topic` (mosip-config `registration-processor-default.properties`). */
export const WORKFLOW_COMPLETED_TOPIC = 'REGISTRATION_PROCESSOR_WORKFLOW_COMPLETED_EVENT';

export interface SandboxOptions extends Partial<SandboxConfig> {
  dataDir: string;
  clock?: () => number;
  random?: () => number;
  uuid?: () => string;
  /** Initial fault settings (CLI flags); persisted ones from an earlier run win when this is absent. */
  faults?: Partial<FaultSettings>;
  /** Fastify logger setting (default off). */
  logger?: boolean;
  events?: PipelineEvents;
  /** Do not start the pipeline timer (tests drive `pipeline.tick()` themselves). */
  manualPipeline?: boolean;
}

export interface Sandbox {
  app: FastifyInstance;
  ctx: SandboxContext;
  pipeline: Pipeline;
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

function loadSandboxSchema() {
  const json = readFileSync(new URL('../data/sandbox-id-schema.json', import.meta.url), 'utf8');
  return { parsed: parseIdSchema(json), json: JSON.stringify(JSON.parse(json)), version: 0.1 };
}

/** `errorCode` of the workflow-completed event: PACKET_REJECTED, PACKET_FAILED or null (contracts 9.3). */
function workflowErrorCode(resultCode: string | null | undefined): string | null {
  if (resultCode === 'REJECTED') return 'PACKET_REJECTED';
  if (resultCode === 'FAILED') return 'PACKET_FAILED';
  return null;
}

/** Builds the sandbox (state, keys, routes) without listening. */
export async function createSandbox(
  options: SandboxOptions,
): Promise<Omit<Sandbox, 'url'> & { setUrl(url: string): void }> {
  const config = defaultSandboxConfig(options);
  const store = DocumentStore.open(config.dataDir);
  const clock = options.clock ?? Date.now;
  const iam = new Iam(store, { clock, ...(options.uuid ? { uuid: options.uuid } : {}) });
  const issuer = await TokenIssuer.open(join(config.dataDir, 'keys', 'keycloak-realm-rs256.pem'));
  const keyStore = await KeyStore.open(join(config.dataDir, 'keys', 'keymanager'), { clock });
  const packetStore = new PacketStore(join(config.dataDir, 'object-store'));
  let publicUrl = `http://${config.host}:${config.port}`;
  const initialFaults = options.faults
    ? faultSettingsSchema.parse(options.faults)
    : (store.get<FaultSettings>(KINDS.setting, 'faults') ?? NO_FAULTS);
  let faults = initialFaults;
  const uuid = options.uuid ?? randomUUID;
  const hub = new Hub({
    store,
    clock,
    uuid,
    retryBaseMs: config.hubRetryBaseMs,
    hubUrl: () => `${publicUrl}/hub`,
  });
  store.put(KINDS.setting, 'faults', faults);
  const ctx: SandboxContext = {
    config,
    store,
    iam,
    issuer,
    keyStore,
    packetStore,
    hub,
    idSchema: loadSandboxSchema(),
    clock,
    random: options.random ?? Math.random,
    uuid,
    faults: {
      get: () => faults,
      set: (next) => {
        faults = next;
        store.put(KINDS.setting, 'faults', next);
      },
    },
    publicUrl: () => publicUrl,
  };
  applySeed(config.seed, { store, iam, machineSigningKey: keyStore.signingPublicKeyBase64Url() });

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 50 * 1024 * 1024,
    // Keycloak (JAX-RS) and Spring MVC both match a path with a trailing slash; the Keycloak admin client
    // sends `…/clients/` for `clients.create`.
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  registerFaultHook(app, ctx);
  registerKeycloakOidcRoutes(app, ctx);
  await registerKeycloakAdminRoutes(app, ctx);
  registerAuthManagerRoutes(app, ctx);
  registerValidateTokenRoute(app, ctx);
  registerMasterdataRoutes(app, ctx);
  registerCentreRoutes(app, ctx);
  registerZoneRoutes(app, ctx);
  registerMachineRoutes(app, ctx);
  registerUserMappingRoutes(app, ctx);
  registerMappingSearchRoutes(app, ctx);
  registerKeymanagerRoutes(app, ctx);
  registerPacketManagerRoutes(app, ctx);
  registerWorkflowManagerRoutes(app, ctx);
  registerRegistrationStatusRoutes(app, ctx);
  registerSandboxAdminRoutes(app, ctx);
  registerWebSubHubRoutes(app, ctx, hub);

  // WorkflowInternalActionVerticle.sendWorkflowCompletedWebSubEvent (mosip/registration workflow manager):
  // every completed workflow is published as is, not as an EventModel.
  const pipeline = new Pipeline(ctx, {
    onCompleted: (registration) => {
      hub.publish(WORKFLOW_COMPLETED_TOPIC, {
        instanceId: registration.registrationId,
        resultCode: registration.resultCode,
        workflowType: registration.process,
        errorCode: workflowErrorCode(registration.resultCode),
      });
      options.events?.onCompleted?.(registration);
    },
  });
  return {
    app,
    ctx,
    pipeline,
    setUrl: (url: string) => {
      publicUrl = url;
    },
    close: async () => {
      await pipeline.stop();
      await hub.stop();
      // A request still in flight (a slow fault) keeps its connection after answering, and Node would then
      // wait for the keep-alive timeout (72 s): close connections as soon as they go idle instead.
      const sweep = setInterval(() => app.server.closeIdleConnections(), 50);
      try {
        await app.close();
      } finally {
        clearInterval(sweep);
      }
      store.close();
    },
  };
}

/** Builds the sandbox, listens on 127.0.0.1 and starts the registration-processor pipeline. */
export async function startSandbox(options: SandboxOptions): Promise<Sandbox> {
  const sandbox = await createSandbox(options);
  const host = options.host ?? '127.0.0.1';
  await sandbox.app.listen({ host, port: options.port ?? 0 });
  const address = sandbox.app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 0);
  const url = `http://${host}:${port}`;
  sandbox.setUrl(url);
  if (!options.manualPipeline) sandbox.pipeline.start();
  sandbox.ctx.hub.start(Math.min(250, Math.max(10, sandbox.ctx.config.hubRetryBaseMs / 2)));
  return { app: sandbox.app, ctx: sandbox.ctx, pipeline: sandbox.pipeline, url, close: sandbox.close };
}
