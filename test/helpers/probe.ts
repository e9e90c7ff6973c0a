/** Runs the Python consumer probe under the CLI and returns its report. */
import { readdirSync, readFileSync } from 'node:fs';
import { fixture } from './paths.js';
import { runCli } from './process.js';

export interface ProbeFd {
  fd: number;
  inode: number;
  isSocket: boolean;
  cloexec: boolean;
  nonblocking: boolean;
  family?: 'inet' | 'inet6' | 'unix';
  type?: 'stream' | 'dgram';
  address?: { ip: string; port: number; scope?: number } | string;
  listening?: boolean;
  reuseaddr?: boolean;
  reuseport?: boolean;
  v6only?: boolean;
}
export interface ProbeReport {
  pid: number;
  env: Record<string, string>;
  fds: ProbeFd[];
}

export const probeArgv = (...extra: string[]): string[] => ['python3', fixture('probe.py'), ...extra];

export async function probe(cliArgs: string[], options: Parameters<typeof runCli>[1] = {}): Promise<{ report: ProbeReport; stderr: string; code: number | null }> {
  const result = await runCli([...cliArgs, '--', ...probeArgv()], options);
  if (result.code !== 0) throw new Error(`probe run failed (${result.code}): ${result.stderr}${result.stdout}`);
  const report = JSON.parse(result.stdout) as ProbeReport;
  return { report: { ...report, fds: ownFds(report) }, stderr: result.stderr, code: result.code };
}

/**
 * fds >= 3 that the test process itself passes to every child (not close-on-exec), e.g. a pipe
 * the CI harness leaves open. They reach the command through systemfd as they would through
 * any exec; a probe's report is filtered of them so the tests see what systemfd added.
 */
function inheritedFds(): Set<number> {
  const fds = new Set<number>();
  try {
    for (const name of readdirSync('/proc/self/fd')) {
      const fd = Number(name);
      if (fd < 3) continue;
      try {
        const flags = /flags:\s+(\d+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'));
        if (flags && (parseInt(flags[1] as string, 8) & 0o2000000) === 0) fds.add(fd);
      } catch {
        // closed meanwhile
      }
    }
  } catch {
    // no /proc: nothing to filter
  }
  return fds;
}

/** The probe's fds minus those the test process itself hands to every child. */
export function ownFds(report: ProbeReport): ProbeFd[] {
  const foreign = inheritedFds();
  return report.fds.filter((f) => !foreign.has(f.fd));
}
