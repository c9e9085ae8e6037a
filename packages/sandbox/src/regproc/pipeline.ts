import { mosipTimestamp } from '@crvs-mosip/contracts';
import type { SandboxContext } from '../context.ts';
import type { RegistrationRecord } from '../state/models.ts';
import { Registrations } from './registrations.ts';
import { nextStage, ROUTED_PROCESSES, STAGES } from './routes.ts';
import type { StageOutcome } from './stage-types.ts';

export interface PipelineEvents {
  /** Called once a workflow reaches a terminal status (for the workflow-completed event). */
  onCompleted?: (registration: RegistrationRecord) => void;
}

/**
 * The registration processor's asynchronous pipeline: the re-processor picks RESUMABLE rows on a schedule
 * and each stage moves the packet on after `stageDelayMs`. Each step is one store transaction (registration
 * row, transaction row, identity changes), so a restart resumes exactly where it stopped.
 */
export class Pipeline {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly registrations: Registrations;

  constructor(
    private readonly ctx: SandboxContext,
    private readonly events: PipelineEvents = {},
  ) {
    this.registrations = new Registrations(ctx.store);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (!this.running) {
        this.running = this.tick()
          .then(() => undefined)
          .catch(() => undefined)
          .finally(() => {
            this.running = null;
          });
      }
    }, this.ctx.config.pipelineIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Runs every stage that is due now; returns how many steps ran. */
  async tick(limit = 50): Promise<number> {
    const keys = this.registrations.due(this.ctx.clock(), limit);
    for (const key of keys) await this.step(key);
    return keys.length;
  }

  private async step(key: string): Promise<void> {
    const registration = this.registrations.get(key);
    if (!registration?.stage) return;
    const stage = STAGES[registration.stage];
    let outcome: StageOutcome;
    if (!stage || !ROUTED_PROCESSES.includes(registration.process)) {
      outcome = { kind: 'failed', comment: `No workflow route for process ${registration.process}` };
    } else {
      try {
        outcome = await stage.run(this.ctx, registration);
      } catch (error) {
        outcome = { kind: 'reprocess', comment: `Internal error: ${(error as Error).message}` };
      }
    }
    this.apply(registration, stage?.transactionType ?? 'INTERNAL_WORKFLOW_ACTION', outcome);
  }

  private apply(registration: RegistrationRecord, transactionType: string, outcome: StageOutcome): void {
    const now = this.ctx.clock();
    const stageName = registration.stage ?? '';
    const r = { ...registration, updatedAt: mosipTimestamp(now), latestTransactionTypeCode: transactionType };
    let txStatus: string;
    if (outcome.kind === 'success') {
      txStatus = 'SUCCESS';
      r.lastSuccessStageName = stageName;
      const next = nextStage(r.process, stageName, r);
      if (next === 'FAILED') this.finish(r, 'FAILED');
      else if (next === null) this.finish(r, 'PROCESSED');
      else {
        r.stage = next;
        r.statusCode = 'PROCESSING';
        r.dueAt = now + this.ctx.config.stageDelayMs;
      }
    } else if (outcome.kind === 'reprocess') {
      txStatus = 'REPROCESS';
      r.statusCode = 'REPROCESS';
      r.retryCount += 1;
      if (r.retryCount > this.ctx.config.maxRetry) this.finish(r, 'REPROCESS_FAILED');
      else r.dueAt = now + this.ctx.config.stageDelayMs * 5;
    } else {
      txStatus = outcome.kind === 'rejected' ? 'REJECTED' : 'FAILED';
      this.finish(r, outcome.kind === 'rejected' ? 'REJECTED' : 'FAILED');
    }
    r.latestTransactionStatusCode = txStatus;
    this.ctx.store.transaction(() => {
      if (outcome.kind === 'success') outcome.commit?.();
      this.registrations.addTransaction({
        id: this.ctx.uuid(),
        registrationId: r.registrationId,
        transactionTypeCode: transactionType,
        parentTransactionId: null,
        statusCode: txStatus,
        subStatusCode: 'subStatusCode' in outcome ? (outcome.subStatusCode ?? null) : null,
        statusComment: outcome.comment,
        createdDateTimes: mosipTimestamp(now),
      });
      this.registrations.save(r);
    });
    if (r.stage === null) this.events.onCompleted?.(r);
  }

  private finish(
    r: RegistrationRecord,
    status: 'PROCESSED' | 'FAILED' | 'REJECTED' | 'REPROCESS_FAILED',
  ): void {
    r.statusCode = status;
    r.stage = null;
    r.resultCode = status === 'REPROCESS_FAILED' ? 'FAILED' : status;
  }
}
