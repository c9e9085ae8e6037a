import { createServer, type Server } from 'node:http';

/** What the test subscriber saw on one callback path. */
export interface CallbackLog {
  gets: URLSearchParams[];
  posts: { headers: Record<string, string | string[] | undefined>; body: string }[];
}

/** How a callback path answers: the challenge (or a wrong one) and a queue of POST statuses. */
export interface CallbackBehaviour {
  echo?: 'challenge' | 'wrong';
  postStatuses?: number[];
}

/** A small WebSub subscriber on 127.0.0.1: each path under `/cb/` is one callback with its own log. */
export class TestSubscriber {
  readonly logs = new Map<string, CallbackLog>();
  readonly behaviour = new Map<string, CallbackBehaviour>();
  private server: Server | null = null;
  url = '';

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const log = this.log(url.pathname);
      const how = this.behaviour.get(url.pathname) ?? {};
      if (req.method === 'GET') {
        log.gets.push(url.searchParams);
        const challenge = url.searchParams.get('hub.challenge') ?? '';
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(how.echo === 'wrong' ? `${challenge}x` : challenge);
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        log.posts.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(how.postStatuses?.shift() ?? 200);
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  /** The log of a callback path (created empty on first use). */
  log(path: string): CallbackLog {
    let log = this.logs.get(path);
    if (!log) {
      log = { gets: [], posts: [] };
      this.logs.set(path, log);
    }
    return log;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
