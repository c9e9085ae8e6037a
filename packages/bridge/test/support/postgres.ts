/**
 * A throwaway PostgreSQL cluster for tests: initdb into a temporary directory, start on a free loopback
 * port with a private socket directory, stop and delete at the end. PostgreSQL refuses to run as root,
 * so as root the server binaries run as the `postgres` system user (via runuser); otherwise directly.
 * Durability is switched off (fsync, synchronous_commit): the data dies with the test run anyway.
 */
import { execFile, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** What to tell a developer when no server can be found. */
export const POSTGRES_MISSING_MESSAGE =
  'The Postgres half of the store tests needs a PostgreSQL server. Install one with ' +
  '`apt-get install -y postgresql` (the tests start their own throwaway cluster), or set ' +
  'CRVS_MOSIP_TEST_POSTGRES_URL to an admin URL (a role allowed to CREATE DATABASE).';

/** A running test cluster. */
export interface PostgresCluster {
  /** URL of the `postgres` database as the `postgres` superuser. */
  adminUrl: string;
  /** Stops the server and deletes its files. */
  stop(): Promise<void>;
  /** The same, synchronously, for a process `exit` handler. */
  stopSync(): void;
}

/**
 * Directory of `initdb` and `pg_ctl`: the newest `/usr/lib/postgresql/<version>/bin` (Debian, Ubuntu),
 * else the first PATH entry that has both.
 * @returns the directory, or undefined when no server is installed
 */
export function findPostgresBinDir(): string | undefined {
  const hasServer = (dir: string) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'));
  const debianRoot = '/usr/lib/postgresql';
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter((v) => /^\d+(\.\d+)?$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    for (const version of versions) {
      const dir = join(debianRoot, version, 'bin');
      if (hasServer(dir)) return dir;
    }
  }
  return (process.env.PATH ?? '').split(delimiter).find((dir) => dir !== '' && hasServer(dir));
}

interface SystemUser {
  name: string;
  uid: number;
  gid: number;
}

function systemUser(name: string): SystemUser | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  const [, , uid, gid] = line?.split(':') ?? [];
  return uid && gid ? { name, uid: Number(uid), gid: Number(gid) } : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function readLog(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-20).join('\n');
  } catch {
    return '(no server log)';
  }
}

/**
 * Starts a fresh cluster.
 * @param binDir - from `findPostgresBinDir`
 * @throws Error with the server log when initdb or the start fails
 */
export async function startPostgresCluster(binDir: string): Promise<PostgresCluster> {
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? systemUser('postgres') : undefined;
  if (asRoot && !owner) {
    throw new Error(
      `running as root but there is no "postgres" system user to run the server. ${POSTGRES_MISSING_MESSAGE}`,
    );
  }
  // As root: runuser drops to the postgres user; its argv is passed through without a shell.
  const command = (tool: string, args: string[]): [string, string[]] =>
    owner ? ['runuser', ['-u', owner.name, '--', join(binDir, tool), ...args]] : [join(binDir, tool), args];

  const base = mkdtempSync(join(tmpdir(), 'crvs-mosip-pg-'));
  if (owner) chownSync(base, owner.uid, owner.gid);
  const dataDir = join(base, 'data');
  const logFile = join(base, 'server.log');
  const remove = () => rmSync(base, { recursive: true, force: true });
  const stopArgs = ['-D', dataDir, '-m', 'immediate', '-w', 'stop'];

  try {
    await run(
      ...command('initdb', [
        '-D',
        dataDir,
        '-A',
        'trust',
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale=C',
        '--no-sync',
      ]),
    );
    let lastError: unknown;
    // A port found free can be taken before the server binds it; try a few.
    for (let attempt = 0; attempt < 3; attempt++) {
      const port = await freePort();
      const serverOptions = [
        `-p ${port}`,
        `-k ${base}`,
        '-c listen_addresses=127.0.0.1',
        '-c fsync=off',
        '-c synchronous_commit=off',
        '-c full_page_writes=off',
        '-c max_connections=300',
      ].join(' ');
      try {
        await run(
          ...command('pg_ctl', [
            '-D',
            dataDir,
            '-l',
            logFile,
            '-o',
            serverOptions,
            '-w',
            '-t',
            '30',
            'start',
          ]),
        );
        return {
          adminUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
          async stop() {
            await run(...command('pg_ctl', stopArgs)).catch(() => undefined);
            remove();
          },
          stopSync() {
            spawnSync(...command('pg_ctl', stopArgs), { stdio: 'ignore' });
            remove();
          },
        };
      } catch (error) {
        lastError = error;
      }
    }
    throw lastError;
  } catch (error) {
    const log = readLog(logFile);
    remove();
    throw new Error(`could not start a test PostgreSQL cluster from ${binDir}: ${String(error)}\n${log}`, {
      cause: error,
    });
  }
}
