import type { SandboxContext } from '../context.ts';
import type { FaultSettings } from '../faults/faults.ts';
import { KINDS, type IdentityRecord, type RegistrationRecord } from '../state/models.ts';
import { DeliveryLog } from '../websub/delivery-log.ts';
import {
  HUB_KINDS,
  RETRY,
  type DeliveryOutcome,
  type HubDelivery,
  type HubSubscription,
} from '../websub/hub-model.ts';

/** Rows per table: enough for a demo, small enough to render every 3 s. */
export const ROW_LIMIT = 50;

/** One packet: the subpackets stored for a RID under one source and process. */
export interface PacketRow {
  rid: string;
  source: string;
  process: string;
  /** How many objects (subpackets) are stored for it. */
  objects: number;
  receivedAt: number;
}

export interface IdentityRow {
  uin: string;
  createdByRid: string;
  lastRid: string;
  status: string;
  deceased: boolean;
  /** Changed by a later packet (update or death) after it was created. */
  updated: boolean;
  updatedAt: number;
}

export interface PipelineRow {
  rid: string;
  process: string;
  iteration: number;
  stage: string | null;
  statusCode: string;
  lastTransaction: string;
  resultCode: string | null;
  uin: string | null;
  updatedAt: number;
}

export interface SubscriptionRow {
  topic: string;
  callback: string;
  expiresAt: number;
  state: 'active' | 'expired';
}

export interface DeliveryRow {
  topic: string;
  callback: string;
  attempts: number;
  maxAttempts: number;
  dueAt: number;
  /** Start of the body, for recognising the event (bodies are the published JSON, no secrets). */
  bodyStart: string;
}

export interface FinishedDeliveryRow {
  topic: string;
  callback: string;
  outcome: DeliveryOutcome;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  finishedAt: number;
  eventId: string | null;
  rid: string | null;
}

/** A table's most recent rows and how many there are in all. */
export interface Recent<T> {
  rows: T[];
  total: number;
}

export interface ConsoleData {
  now: number;
  packets: Recent<PacketRow>;
  identities: Recent<IdentityRow>;
  pipeline: Recent<PipelineRow>;
  subscriptions: Recent<SubscriptionRow>;
  deliveries: Recent<DeliveryRow>;
  finishedDeliveries: Recent<FinishedDeliveryRow>;
  faults: FaultSettings;
}

const time = (iso: string): number => {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? 0 : ms;
};

/** Newest first, then the first `ROW_LIMIT`. */
function recent<T>(rows: T[], at: (row: T) => number): Recent<T> {
  return { rows: [...rows].sort((a, b) => at(b) - at(a)).slice(0, ROW_LIMIT), total: rows.length };
}

/** Packets as the packet manager's object store holds them, grouped by RID, source and process. */
function packets(ctx: SandboxContext): PacketRow[] {
  const rows: PacketRow[] = [];
  for (const rid of ctx.packetStore.ids()) {
    const groups = new Map<string, PacketRow>();
    for (const object of ctx.packetStore.list(rid) ?? []) {
      const source = object.source ?? '';
      const process = object.process ?? '';
      const key = JSON.stringify([source, process]);
      const at = object.lastModified.getTime();
      const row = groups.get(key);
      if (row) {
        row.objects += 1;
        row.receivedAt = Math.max(row.receivedAt, at);
      } else {
        groups.set(key, { rid, source, process, objects: 1, receivedAt: at });
      }
    }
    rows.push(...groups.values());
  }
  return rows;
}

/**
 * A read-only snapshot of the sandbox for the console. It reads the stores directly rather than through
 * `Hub.subscriptions()`, which deletes expired leases: looking at the console must not change the state.
 */
export function readConsoleData(ctx: SandboxContext): ConsoleData {
  const now = ctx.clock();
  const identities = ctx.store.list<IdentityRecord>(KINDS.identity).map((i): IdentityRow => ({
    uin: i.uin,
    createdByRid: i.createdByRid,
    lastRid: i.rids.at(-1) ?? i.createdByRid,
    status: i.status,
    deceased: i.deceased,
    updated: i.rids.length > 1,
    updatedAt: time(i.updatedAt),
  }));
  const pipeline = ctx.store.list<RegistrationRecord>(KINDS.registration).map((r): PipelineRow => ({
    rid: r.registrationId,
    process: r.process,
    iteration: r.iteration,
    stage: r.stage,
    statusCode: r.statusCode,
    lastTransaction: `${r.latestTransactionTypeCode} ${r.latestTransactionStatusCode}`,
    resultCode: r.resultCode,
    uin: r.uin,
    updatedAt: time(r.updatedAt),
  }));
  const subscriptions = ctx.store.list<HubSubscription>(HUB_KINDS.subscription).map((s): SubscriptionRow => ({
    topic: s.topic,
    callback: s.callback,
    expiresAt: s.expiresAt,
    state: s.expiresAt > now ? 'active' : 'expired',
  }));
  // The hub keeps a delivery only until it succeeds or runs out of retries, so these are the pending ones.
  const deliveries = ctx.store.list<HubDelivery>(HUB_KINDS.delivery).map((d): DeliveryRow => ({
    topic: d.topic,
    callback: d.callback,
    attempts: d.attempts,
    maxAttempts: RETRY.count + 1,
    dueAt: d.dueAt,
    bodyStart: d.body.length > 160 ? `${d.body.slice(0, 160)}…` : d.body,
  }));
  // The hub's log is already newest first; the stable sort keeps that order for equal instants.
  const finished = new DeliveryLog(ctx.store).recent().map((f): FinishedDeliveryRow => ({
    topic: f.topic,
    callback: f.callback,
    outcome: f.outcome,
    attempts: f.attempts,
    lastStatus: f.lastStatus,
    lastError: f.lastError,
    finishedAt: time(f.finishedAt),
    eventId: f.eventId,
    rid: f.rid,
  }));
  return {
    now,
    packets: recent(packets(ctx), (p) => p.receivedAt),
    identities: recent(identities, (i) => i.updatedAt),
    pipeline: recent(pipeline, (r) => r.updatedAt),
    subscriptions: recent(subscriptions, (s) => s.expiresAt),
    deliveries: recent(deliveries, (d) => -d.dueAt),
    finishedDeliveries: recent(finished, (f) => f.finishedAt),
    faults: ctx.faults.get(),
  };
}
