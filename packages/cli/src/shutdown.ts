import type { CliIo } from './main.ts';

/** Resolves on SIGINT or SIGTERM, so long-running commands can close cleanly. */
export function waitForShutdown(io: CliIo): Promise<void> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      io.out(`${signal} received, stopping`);
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
