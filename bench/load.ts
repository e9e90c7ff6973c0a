/**
 * A steady, bounded HTTP load on loopback: `clients` loops, each sending one request per fresh
 * connection (agent: false, `connection: close`), at most one request per `intervalMs` per
 * client so a refusing port does not turn into a hot loop, and never more than `maxRequests`
 * requests or `maxMs` in total.
 */
import { request } from 'node:http';
import { sleep, wallMs } from './clock.js';

export type FailureKind = 'refused' | 'reset' | 'timeout' | 'status' | 'other';

export interface Reply { sentAt: number; at: number; ok: boolean; pid?: number; failure?: FailureKind; code?: string }

export interface LoadOptions {
  clients: number;
  intervalMs: number;
  timeoutMs: number;
  maxRequests: number;
  maxMs: number;
}

export interface LoadResult { sent: number; ok: number; failed: number; failures: Partial<Record<FailureKind, number>> }

export interface Load {
  /** Called for every finished request, in completion order. */
  onReply: (listener: (reply: Reply) => void) => () => void;
  stop: () => Promise<LoadResult>;
}

export function classify(code: string | undefined): FailureKind {
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'socket hang up') return 'reset';
  if (code === 'ETIMEDOUT') return 'timeout';
  return 'other';
}

/** One GET on a fresh connection; never throws. The body is `<pid> <rev>`. */
export function getOnce(port: number, timeoutMs: number): Promise<Reply> {
  const sentAt = wallMs();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (reply: Omit<Reply, 'sentAt' | 'at'>) => {
      if (settled) return;
      settled = true;
      resolve({ sentAt, at: wallMs(), ...reply });
    };
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => {
        if (res.statusCode !== 200) finish({ ok: false, failure: 'status', code: String(res.statusCode) });
        else finish({ ok: true, pid: Number(body.split(' ')[0]) });
      });
      res.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, failure: classify(e.code ?? e.message), code: e.code ?? e.message }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => finish({ ok: false, failure: classify(e.code ?? e.message), code: e.code ?? e.message }));
    req.end();
  });
}

export function startLoad(port: number, options: LoadOptions): Load {
  const listeners = new Set<(reply: Reply) => void>();
  const deadline = wallMs() + options.maxMs;
  const result: LoadResult = { sent: 0, ok: 0, failed: 0, failures: {} };
  let running = true;
  const loop = async () => {
    while (running && result.sent < options.maxRequests && wallMs() < deadline) {
      result.sent++;
      const reply = await getOnce(port, options.timeoutMs);
      if (reply.ok) result.ok++;
      else {
        result.failed++;
        const kind = reply.failure ?? 'other';
        result.failures[kind] = (result.failures[kind] ?? 0) + 1;
      }
      listeners.forEach((fn) => fn(reply));
      const wait = reply.sentAt + options.intervalMs - wallMs();
      if (wait > 0) await sleep(wait);
    }
  };
  const loops = Array.from({ length: options.clients }, loop);
  return {
    onReply: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop: async () => {
      running = false;
      await Promise.all(loops);
      return result;
    },
  };
}

/** Resolves with the first successful reply from a pid other than `oldPid` that finished after `since`. */
export function nextGeneration(load: Load, oldPid: number, since: number, timeout: number): Promise<Reply | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => { off(); resolve(null); }, timeout);
    const off = load.onReply((reply) => {
      if (reply.ok && reply.pid !== oldPid && reply.at >= since) {
        clearTimeout(timer);
        off();
        resolve(reply);
      }
    });
  });
}
