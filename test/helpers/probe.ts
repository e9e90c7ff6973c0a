/** Runs the Python consumer probe under the CLI and returns its report. */
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
  return { report: JSON.parse(result.stdout) as ProbeReport, stderr: result.stderr, code: result.code };
}
