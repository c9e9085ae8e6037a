import type { FastifyInstance } from 'fastify';

/**
 * `/docs`: the OpenAPI document as JSON (`/docs/openapi.json`) and a small self-contained HTML page that
 * lists the operations and error codes, so it works without any external script or network access.
 */
export function registerDocsRoutes(
  app: FastifyInstance,
  errors: Record<string, { status: number; message: string }>,
): void {
  app.get('/docs/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/docs', { schema: { hide: true } }, (_request, reply) => {
    const spec = app.swagger() as {
      paths?: Record<string, Record<string, { summary?: string; description?: string }>>;
    };
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    const ops = Object.entries(spec.paths ?? {}).flatMap(([path, methods]) =>
      Object.entries(methods).map(
        ([method, op]) =>
          `<tr><td><code>${method.toUpperCase()} ${esc(path)}</code></td><td>${esc(op.summary ?? '')}<br><small>${esc(op.description ?? '')}</small></td></tr>`,
      ),
    );
    const codes = Object.entries(errors).map(
      ([code, e]) => `<tr><td><code>${code}</code></td><td>${e.status}</td><td>${esc(e.message)}</td></tr>`,
    );
    const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>crvs-mosip bridge API</title>
<style>body{font-family:system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem}td{padding:.4rem;border-bottom:1px solid #ddd;vertical-align:top}</style></head>
<body><h1>crvs-mosip bridge API</h1><p>Authenticate with <code>Authorization: Bearer &lt;API key or JWT&gt;</code>. Full OpenAPI document: <a href="/docs/openapi.json">/docs/openapi.json</a>.</p>
<h2>Operations</h2><table>${ops.join('')}</table><h2>Error codes</h2><table>${codes.join('')}</table></body></html>`;
    return reply.type('text/html; charset=utf-8').send(html);
  });
}
