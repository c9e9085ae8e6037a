/**
 * Scrubbing of credentials from text that may reach logs or error messages. MOSIP echoes upstream
 * errors verbatim (the auth manager returns Keycloak's error body inside `message`, mosip-contracts
 * reference 2.1), so every MOSIP-provided message is scrubbed before the client repeats it.
 */

/** Replacement for a JWT-looking substring. */
export const REDACTED_JWT = '[REDACTED-JWT]';
/** Replacement for a known secret or token. */
export const REDACTED = '[REDACTED]';

/**
 * A JWT starts with a base64url-encoded JSON header, so with `eyJ`. Up to two more dot-separated
 * segments follow; `=`, `+` and `/` are accepted in case a token is padded or uses plain base64.
 */
const JWT_PATTERN = /eyJ[\w\-+/=]*(?:\.[\w\-+/=]*){0,2}/g;

/** Turns untrusted text into text safe to log or show. */
export type Scrub = (text: string) => string;

/** The forms in which a secret can appear inside a message: raw, JSON-escaped, URL-encoded. */
function variants(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms].filter((form) => form !== '');
}

/**
 * Builds a scrubber that removes the given secrets (read on every call, so tokens issued later are
 * covered) and anything that looks like a JWT.
 * @param secrets - returns the current secrets (client secret, current token)
 */
export function createScrubber(secrets: () => Iterable<string | null | undefined>): Scrub {
  return (text) => {
    let out = text;
    for (const secret of secrets()) {
      if (secret == null || secret === '') continue;
      for (const form of variants(secret)) out = out.split(form).join(REDACTED);
    }
    return out.replace(JWT_PATTERN, REDACTED_JWT);
  };
}

/**
 * The cause to attach to a client error: the original error when nothing along its `cause` chain
 * contains a secret or a JWT, else a plain `Error` carrying only the scrubbed message (a custom fetch
 * might put a URL or header into its error message).
 */
export function safeCause(error: unknown, scrub: Scrub): unknown {
  const texts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current != null; depth++) {
    if (current instanceof Error) {
      texts.push(current.message, current.stack ?? '');
      current = current.cause;
    } else {
      texts.push(textOf(current));
      break;
    }
  }
  if (texts.every((text) => scrub(text) === text)) return error;
  return new Error(scrub(error instanceof Error ? error.message : textOf(error)));
}

/** A non-Error thrown value as text (strings as is, anything else as JSON when possible). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? typeof value;
  } catch {
    return typeof value;
  }
}
