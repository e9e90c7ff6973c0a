/**
 * A server started with `--inspect` whose inspector port is taken (by the previous generation,
 * under overlap) does not fail: Node prints "Starting inspector on 127.0.0.1:9229 failed" and
 * runs on without an inspector. We notice (the flag is there, `inspector.url()` is not) and tell
 * systemfd which port, so it can say what to do.
 */
import { createRequire } from 'node:module';

const FLAG = /^--inspect(?:-brk|-wait)?(?:=(.*))?$/;
const DEFAULT_PORT = 9229;

/** The inspector port asked for by these flags; null when none is (or port 0: any free one). */
export function inspectorPort(flags: readonly string[]): number | null {
  let port: number | null = null;
  for (const flag of flags) {
    const match = FLAG.exec(flag);
    if (!match) continue;
    const value = match[1];
    const text = value === undefined || value === '' ? String(DEFAULT_PORT) : (value.match(/(?:^|:)(\d+)$/)?.[1] ?? String(DEFAULT_PORT));
    port = Number(text);
  }
  return port === 0 ? null : port;
}

export function checkInspector(flags: readonly string[], report: (port: number) => void): void {
  const port = inspectorPort(flags);
  if (port === null) return;
  const inspector = createRequire(import.meta.url)('node:inspector') as typeof import('node:inspector');
  if (inspector.url() === undefined) report(port);
}
