/** Minimal HTTP client for tests: one fresh connection per request unless given an agent; never throws. */
import { request, type Agent } from 'node:http';

export interface Reply { ok: boolean; status?: number; body: string; error?: string }

/** `agent`: a keep-alive agent reuses connections (default: a fresh connection per request). */
export function get(url: string, { timeout = 10_000, agent = false as Agent | false } = {}): Promise<Reply> {
  return new Promise((resolve) => {
    const req = request(url, { agent, timeout }, (res) => {
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
