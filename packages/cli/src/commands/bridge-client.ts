import { readFileSync } from 'node:fs';

/** Where the CLI finds a running bridge and its key: flags, else the `up` defaults. */
export interface BridgeTarget {
  url: string;
  key: string;
}

export function resolveTarget(flags: {
  url?: string;
  key?: string;
  keyFile?: string;
  dataDir?: string;
}): BridgeTarget {
  const url = (flags.url ?? 'http://127.0.0.1:8080').replace(/\/$/, '');
  if (flags.key) return { url, key: flags.key };
  const file = flags.keyFile ?? `${flags.dataDir ?? '.crvs-mosip'}/demo-api-key`;
  try {
    return { url, key: readFileSync(file, 'utf8').trim() };
  } catch {
    throw new Error(
      `no API key: pass --key, or --key-file (looked for ${file}; "crvs-mosip up" writes one there)`,
    );
  }
}

export async function callBridge(
  target: BridgeTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${target.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${target.key}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(text) as Record<string, unknown>;
  } catch {
    parsed = { message: text };
  }
  return { status: res.status, body: parsed };
}

/** A body value as text for the terminal (strings as they are, anything else as JSON). */
export function text(value: unknown): string {
  if (value == null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
