/** Finding a test's processes in /proc by a token in their command line (Linux only). */
import { readdirSync, readFileSync } from 'node:fs';

/** Live (non-zombie) processes whose command line contains `token`. */
export function processesWithToken(token: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((p) => {
    try {
      return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(token) && !/^\d+ \(.*\) [ZX] /.test(readFileSync(`/proc/${p}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }).map(Number);
}

/** SIGKILL whatever is left (test cleanup). */
export function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone
    }
  }
}
