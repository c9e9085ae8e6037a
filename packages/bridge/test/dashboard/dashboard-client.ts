/** A browser-like client for the dashboard's route tests: a cookie jar, forms, no redirects followed. */

export interface Page {
  status: number;
  headers: Headers;
  html: string;
}

/** The value of the first hidden `_csrf` field on a page. */
export function csrfOf(html: string): string {
  const match = /name="_csrf" value="([^"]+)"/.exec(html);
  if (!match?.[1]) throw new Error('no CSRF field on the page');
  return match[1];
}

/** The page's text without tags and with whitespace collapsed, for readable assertions. */
export const textOf = (html: string): string =>
  html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ');

export class DashboardClient {
  readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  #remember(headers: Headers) {
    for (const line of headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair!.indexOf('=');
      const name = pair!.slice(0, index);
      const value = pair!.slice(index + 1);
      if (/Max-Age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  get cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      redirect: 'manual',
      headers: { cookie: this.cookieHeader, ...headers },
    });
    this.#remember(res.headers);
    return { status: res.status, headers: res.headers, html: await res.text() };
  }

  async post(
    path: string,
    form: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Page> {
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: this.cookieHeader, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
    this.#remember(res.headers);
    return { status: res.status, headers: res.headers, html: await res.text() };
  }

  /** Signs in through the form; returns the sign-in response (303 on success). */
  async signIn(key: string, next = '/'): Promise<Page> {
    const form = await this.get(`/login?next=${encodeURIComponent(next)}`);
    return this.post('/login', { _csrf: csrfOf(form.html), key, next });
  }

  /** The CSRF token of the signed-in session (read from the overview page). */
  async csrf(): Promise<string> {
    return csrfOf((await this.get('/')).html);
  }
}
