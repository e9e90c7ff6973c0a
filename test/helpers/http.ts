/** Minimal HTTP client for tests: one fresh connection per request, never throws. */
import { request } from 'node:http';

export interface Reply { ok: boolean; status?: number; body: string; error?: string }

export function get(url: string, { timeout = 10_000 } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request(url, { agent: false, timeout }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ ok: res.statusCode === 200, status: res.statusCode, body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, body, error: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ ok: false, body: '', error: e.code ?? e.message }));
    req.end();
  });
}
