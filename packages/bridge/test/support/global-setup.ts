/**
 * Vitest global setup: one PostgreSQL cluster for the whole run, shared by every test file (each file
 * creates its own databases in it). CRVS_MOSIP_TEST_POSTGRES_URL, when set, names an existing server to
 * use instead. When neither is available the reason is provided to the workers, so Postgres tests fail
 * with it rather than being skipped.
 */
import type { TestProject } from 'vitest/node';
import { POSTGRES_MISSING_MESSAGE, findPostgresBinDir, startPostgresCluster } from './postgres.ts';

/** What workers receive through `inject('postgres')`. */
export type ProvidedPostgres = { adminUrl: string } | { error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    postgres: ProvidedPostgres;
  }
}

/**
 * Starts the cluster (or picks the configured server) and returns the teardown that stops it.
 * @param project - the vitest project, used to provide the admin URL to test workers
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const configured = process.env.CRVS_MOSIP_TEST_POSTGRES_URL;
  if (configured) {
    project.provide('postgres', { adminUrl: configured });
    return () => Promise.resolve();
  }
  const binDir = findPostgresBinDir();
  if (!binDir) {
    project.provide('postgres', { error: POSTGRES_MISSING_MESSAGE });
    return () => Promise.resolve();
  }
  let cluster;
  try {
    cluster = await startPostgresCluster(binDir);
  } catch (error) {
    project.provide('postgres', { error: (error as Error).message });
    return () => Promise.resolve();
  }
  // Teardown does not run when the runner is killed; stop the server with the process anyway.
  const onExit = () => cluster.stopSync();
  process.once('exit', onExit);
  project.provide('postgres', { adminUrl: cluster.adminUrl });
  return async () => {
    process.off('exit', onExit);
    await cluster.stop();
  };
}
