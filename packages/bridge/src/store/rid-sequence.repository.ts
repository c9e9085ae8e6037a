import { SEQUENCE_INITIAL_VALUE, SEQUENCE_MAX, nextRidSequence } from '@crvs-mosip/contracts';
import { sql } from 'kysely';
import type { Executor } from './schema.ts';

/**
 * The per centre/machine RID sequence (`rid_sequences`), as MOSIP's RID generator keeps it: 1, 2, …,
 * 99999, then 1 again.
 */
export class RidSequenceRepository {
  constructor(private readonly db: Executor) {}

  /**
   * Allocates the next sequence number for a centre and machine in one atomic upsert, so concurrent
   * callers (several replicas on Postgres) never receive the same number: the row lock of
   * `ON CONFLICT DO UPDATE` serialises them. The SQL mirrors `nextRidSequence` from the contracts.
   * Inside a caller's transaction the number is only taken if that transaction commits.
   * @returns the allocated sequence number, 1..99999
   */
  async next(centreId: string, machineId: string, executor: Executor = this.db): Promise<number> {
    const row = await executor
      .insertInto('rid_sequences')
      .values({ centre_id: centreId, machine_id: machineId, current: nextRidSequence(null) })
      .onConflict((oc) =>
        oc.columns(['centre_id', 'machine_id']).doUpdateSet({
          current: sql<number>`case when rid_sequences.current >= ${sql.lit(SEQUENCE_MAX)} then ${sql.lit(
            SEQUENCE_INITIAL_VALUE,
          )} else rid_sequences.current + 1 end`,
        }),
      )
      .returning('current')
      .executeTakeFirstOrThrow();
    return row.current;
  }

  /** The last allocated number, or undefined before the first allocation. */
  async current(
    centreId: string,
    machineId: string,
    executor: Executor = this.db,
  ): Promise<number | undefined> {
    const row = await executor
      .selectFrom('rid_sequences')
      .select('current')
      .where('centre_id', '=', centreId)
      .where('machine_id', '=', machineId)
      .executeTakeFirst();
    return row?.current;
  }

  /**
   * Sets the last allocated number, for a machine whose MOSIP-side counter has already advanced (so
   * the bridge continues after it instead of reusing RIDs).
   * @param current - 0..99999; the next allocation returns `nextRidSequence(current)`
   */
  async set(
    centreId: string,
    machineId: string,
    current: number,
    executor: Executor = this.db,
  ): Promise<void> {
    if (!Number.isInteger(current) || current < 0 || current > SEQUENCE_MAX) {
      throw new RangeError(`sequence must be an integer from 0 to ${SEQUENCE_MAX}`);
    }
    await executor
      .insertInto('rid_sequences')
      .values({ centre_id: centreId, machine_id: machineId, current })
      .onConflict((oc) => oc.columns(['centre_id', 'machine_id']).doUpdateSet({ current }))
      .execute();
  }
}
