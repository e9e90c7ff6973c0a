/**
 * The supervisor's events as `~>` lines: the only place a generation's life becomes text.
 * A restart prints one line when the new generation is ready (how long the stop took, under
 * replace, and how long the start took to become ready); everything else is one line too.
 */
import type { Reporter } from '../log/reporter.js';
import type { ListenProblem } from '../supervisor/generation.js';
import type { StopResult } from '../supervisor/kill-tree.js';
import type { ExitStatus } from '../supervisor/signals.js';
import type { Supervisor } from '../supervisor/supervisor.js';
import { formatDuration } from '../watch/duration.js';

export interface ReportOptions {
  readyTimeoutMs: number;
  /** What the user sees after a crash: watch mode waits for a change, one-shot says nothing. */
  watching: boolean;
}

export function describeStatus(status: ExitStatus): string {
  return status.signal ? `was killed by ${status.signal}` : `exited with status ${status.code}`;
}

function describeProblem(pid: number, problem: ListenProblem): string {
  const where = problem.port === null ? 'a port of its own' : `${problem.address ?? 'port'}${problem.address ? ':' : ' '}${problem.port}`;
  const advice = problem.code === 'EADDRINUSE'
    ? 'the running generation holds it: let systemfd hold that port too (-s), or restart without --overlap'
    : 'see its output above';
  const what = problem.code === 'INSPECTOR' ? `could not start its inspector on ${where}` : `could not listen on ${where} (${problem.code})`;
  return `pid ${pid} ${what}; ${problem.code === 'INSPECTOR' ? 'another generation holds that port: use --inspect=0, or restart without --overlap' : advice}`;
}

interface RestartFacts {
  reason: string;
  stopped: StopResult | null;
  pid: number;
  readyMs: number | null;
  replaced: number | null;
}

/** `restart (app.js changed) - stopped in 12ms, started pid 4242, ready in 310ms` */
function restartLine({ reason, stopped, pid, readyMs, replaced }: RestartFacts): string {
  const restart = stopped !== null || replaced !== null;
  const stopText = stopped ? ` - stopped in ${formatDuration(stopped.elapsedMs)}${stopped.forced ? ' (killed after --stop-timeout)' : ''},` : ' -';
  const readyText = readyMs === null ? '' : `, ready in ${formatDuration(readyMs)}`;
  const drainText = replaced !== null ? `; pid ${replaced} draining` : '';
  return `${restart ? 'restart' : 'start'} (${reason})${stopText} started pid ${pid}${readyText}${drainText}`;
}

export function reportGenerations(supervisor: Supervisor, reporter: Reporter, { readyTimeoutMs, watching }: ReportOptions): void {
  supervisor.on('starting', ({ pid, reason }) => reporter.debug(`starting pid ${pid} (${reason})`));
  supervisor.on('switched', ({ from }) => reporter.debug(`pid ${from.pid} stops accepting and drains`));
  supervisor.on('ready', ({ pid, reason, readyMs, source, stopped, replaced }) => {
    if (!watching) return;
    if (source === 'timeout') reporter.warn(`pid ${pid} gave no readiness signal within ${formatDuration(readyTimeoutMs)}; taking it as ready (--ready-timeout)`);
    reporter.info(restartLine({ reason, stopped, pid, readyMs: source === 'immediate' ? null : readyMs, replaced: replaced?.pid ?? null }));
  });
  supervisor.on('exited', ({ pid, status, requested, restartInMs }) => {
    if (requested) return reporter.debug(`pid ${pid} stopped (${describeStatus(status).replace(/^was /, '')})`);
    if (!watching) return;
    reporter.info(`command ${describeStatus(status)} (pid ${pid}); ${restartInMs === null ? 'waiting for a change' : `restarting in ${formatDuration(restartInMs)}`}`);
  });
  supervisor.on('failed-before-ready', ({ pid, reason, stopped, status, serving, restartInMs }) => {
    if (!watching) return;
    if (serving) return reporter.info(`pid ${pid} ${describeStatus(status)} before it was ready; still serving pid ${serving.pid}`);
    // Nothing else serves: the start still gets its line, then what became of it.
    reporter.info(restartLine({ reason, stopped, pid, readyMs: null, replaced: null }));
    reporter.info(`command ${describeStatus(status)} (pid ${pid}); ${restartInMs === null ? 'waiting for a change' : `restarting in ${formatDuration(restartInMs)}`}`);
  });
  supervisor.on('spawn-failed', ({ error }) => {
    if (!watching) return;
    reporter.error(error);
    reporter.info('waiting for a change to try again');
  });
  supervisor.on('listen-failed', ({ pid, problem }) => {
    if (watching) reporter.warn(describeProblem(pid, problem));
  });
  supervisor.on('stop-slow', ({ pid, killInMs }) => {
    if (watching) reporter.info(`waiting for pid ${pid} to stop (SIGKILL in ${formatDuration(Math.max(0, Math.ceil(killInMs / 1000) * 1000))})`);
  });
  supervisor.on('status', ({ pid, text }) => reporter.debug(`pid ${pid} status: ${text}`));
  supervisor.on('notice', ({ pid, text }) => reporter.debug(`pid ${pid} ${text}`));
}
