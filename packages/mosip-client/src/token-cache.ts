import type { Clock } from './options.ts';

/** A token as issued by the auth manager. */
export interface IssuedToken {
  token: string;
  /** When it expires, epoch ms in the local clock; null when unknown (the token is then used once). */
  expiresAtMs: number | null;
}

interface CachedToken {
  token: string;
  refreshAtMs: number;
  issuedAtMs: number;
  expiresAtMs: number | null;
}

/** What the cache holds, for dashboards: never the token itself. */
export interface TokenState {
  /** Whether a token is cached (it may be due for refresh). */
  held: boolean;
  /** When the cached token was issued, its expiry (null: unknown) and when it will be refreshed (epoch ms). */
  issuedAtMs: number | null;
  expiresAtMs: number | null;
  refreshAtMs: number | null;
  /** The last failed refresh since the last successful one: when and its error code (or name). */
  lastFailure: { atMs: number; code: string } | null;
}

/**
 * Caches the access token until shortly before it expires and makes sure at most ONE refresh is in
 * flight: every caller that needs a token while a refresh runs awaits the same promise. A failed
 * refresh rejects all of them and is not cached, so the next caller starts a new one.
 */
export class TokenCache {
  readonly #issue: () => Promise<IssuedToken>;
  readonly #clock: Clock;
  readonly #skewMs: number;
  #cached: CachedToken | null = null;
  #inflight: Promise<string> | null = null;
  #lastFailure: TokenState['lastFailure'] = null;

  /**
   * @param issue - fetches a new token (one auth-manager call)
   * @param clock - time source
   * @param skewMs - refresh this long before expiry, capped at half the token's remaining lifetime
   */
  constructor(issue: () => Promise<IssuedToken>, clock: Clock, skewMs: number) {
    this.#issue = issue;
    this.#clock = clock;
    this.#skewMs = skewMs;
  }

  /** A valid token: the cached one, the one being fetched, or a newly fetched one. */
  get(): Promise<string> {
    const cached = this.#cached;
    if (cached !== null && this.#clock.now() < cached.refreshAtMs) return Promise.resolve(cached.token);
    if (this.#inflight !== null) return this.#inflight;
    const refresh = this.#refresh();
    this.#inflight = refresh;
    const settle = (): void => {
      if (this.#inflight === refresh) this.#inflight = null;
    };
    // Registered before any waiter's continuation, so a waiter that retries after a failure starts a new refresh.
    void refresh.then(settle, settle);
    return refresh;
  }

  /** The cached token, if any (for scrubbing; may be stale). */
  peek(): string | null {
    return this.#cached?.token ?? null;
  }

  /** The cache's state without the token (see {@link TokenState}). */
  state(): TokenState {
    const cached = this.#cached;
    return {
      held: cached !== null,
      issuedAtMs: cached?.issuedAtMs ?? null,
      expiresAtMs: cached?.expiresAtMs ?? null,
      refreshAtMs: cached?.refreshAtMs ?? null,
      lastFailure: this.#lastFailure,
    };
  }

  /**
   * Drops the cached token if it is still `token`. A caller that saw `token` rejected (HTTP 401) calls
   * this; when another caller already replaced it, the newer token is kept and no extra refresh happens.
   */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = null;
  }

  async #refresh(): Promise<string> {
    let issued: IssuedToken;
    try {
      issued = await this.#issue();
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      this.#lastFailure = {
        atMs: this.#clock.now(),
        code: typeof code === 'string' ? code : (error as Error).name,
      };
      throw error;
    }
    this.#lastFailure = null;
    const now = this.#clock.now();
    let refreshAtMs = now;
    if (issued.expiresAtMs !== null) {
      const lifetime = Math.max(0, issued.expiresAtMs - now);
      refreshAtMs = issued.expiresAtMs - Math.min(this.#skewMs, lifetime / 2);
    }
    this.#cached = { token: issued.token, refreshAtMs, issuedAtMs: now, expiresAtMs: issued.expiresAtMs };
    return issued.token;
  }
}
