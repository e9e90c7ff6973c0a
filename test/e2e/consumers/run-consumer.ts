/**
 * Runs a consumer under the real CLI and talks to it the way a user's client would: learn each
 * socket from systemfd's `~> socket ... -> fd #N` line, then send HTTP (tcp, unix) or a datagram
 * (udp) and read the consumer's answer, which names the pid and fd that served it.
 *
 * Every fixture consumer prints one JSON line on stdout (ConsumerReport) after asking its
 * library for the sockets, then serves until it is signalled.
 */
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import type { TestContext } from 'node:test';
import { isAlive, startCli, type Running } from '../../helpers/process.js';

export interface ConsumerSocket {
  fd?: number;
  index?: number;
  name?: string;
  kind: string;
  address?: string;
  result?: string;
  error?: string;
}
export interface ConsumerReport {
  consumer: string;
  pid: number;
  /** LISTEN_PID as the consumer saw it before its library ran (null: not set). */
  listenPid: string | null;
  /** What the library said it was given (sd_listen_fds' return, ListenFd::len, ...). */
  count: number;
  /** LISTEN_FDS after the library ran (the libraries unset it when they accept). */
  envAfter?: string | null;
  sockets: ConsumerSocket[];
}
/** One `~> socket` line: the description and the fd systemfd says it placed the socket at. */
export interface Announced { description: string; fd: number; port?: number; path?: string }

export interface ConsumerRun {
  run: Running;
  report: ConsumerReport;
  announced: Announced[];
  /** SIGTERM to systemfd (which forwards it) and wait until it has exited. */
  stop: () => Promise<SystemfdExit>;
}

const ANNOUNCE = /^~> socket (.+) -> fd #(\d+)$/gm;

export function parseAnnounced(stderr: string): Announced[] {
  return [...stderr.matchAll(ANNOUNCE)].map((m) => {
    const description = m[1] ?? '';
    const port = /:(\d+)(?:\/| \()/.exec(description)?.[1];
    const path = /^(.+) \(unix listener\)$/.exec(description)?.[1];
    return { description, fd: Number(m[2]), ...(port ? { port: Number(port) } : {}), ...(path ? { path } : {}) };
  });
}

/**
 * Start `systemfd ARGS -- COMMAND` and wait for the consumer's report. `sockets` is how many
 * `~> socket` lines to expect (0 when -s is absent).
 */
export async function startConsumer(t: TestContext, cliArgs: readonly string[], command: readonly string[], { cwd, sockets, reportTimeout = 60_000 }: { cwd?: string; sockets: number; reportTimeout?: number }): Promise<ConsumerRun> {
  const run = startCli([...cliArgs, '--', ...command], cwd ? { cwd } : {});
  let consumerPid: number | undefined;
  t.after(() => cleanUp(run, () => (consumerPid === undefined ? [] : [consumerPid])));
  // The info lines are written before the command starts, but stdout and stderr are separate
  // pipes: wait for each on its own.
  if (sockets > 0) await run.waitForCount(/^~> socket .+ -> fd #\d+$/m, sockets);
  // The whole line, newline included: a pipe may deliver it in pieces.
  const [, line] = await run.waitFor(/^(\{.*\})\n/m, { stream: 'stdout', timeout: reportTimeout });
  const report = JSON.parse(line ?? '') as ConsumerReport;
  consumerPid = report.pid;
  const announced = parseAnnounced(run.stderr());
  assert.equal(announced.length, sockets, `expected ${sockets} ~> socket lines, stderr:\n${run.stderr()}`);
  const stop = () => stopSystemfd(run);
  return { run, report, announced, stop };
}

/**
 * SIGTERM to systemfd alone (it forwards it to the command) and wait for systemfd's own exit,
 * not for its stdio to close: a command left behind would hold the pipes open, and the test
 * should fail on `assertGone`, not hang.
 */
export interface SystemfdExit { code: number | null; signal: NodeJS.Signals | null; stderr: string; exitedBefore: boolean }

export function stopSystemfd(run: Running, timeout = 30_000): Promise<SystemfdExit> {
  const { child } = run;
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode, stderr: run.stderr(), exitedBefore: true });
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`systemfd did not exit within ${timeout} ms of SIGTERM\nstderr: ${run.stderr()}`)), timeout);
    child.once('exit', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr: run.stderr(), exitedBefore: false }); });
    try { process.kill(child.pid as number, 'SIGTERM'); } catch { /* already gone */ }
  });
}

/**
 * Test teardown that cannot hang: systemfd puts the command in a process group of its own, so
 * SIGKILL to systemfd's group alone would orphan the consumer, which keeps the stdio pipes open
 * and `run.exited` pending. Ask systemfd first (SIGTERM, forwarded), then force both.
 */
export async function cleanUp(run: Running, pids: () => number[]): Promise<void> {
  const gone = () => new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 10_000);
    void run.exited.then(() => { clearTimeout(timer); resolve(true); });
  });
  run.kill('SIGTERM');
  if (await gone()) return;
  for (const pid of pids()) {
    try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
  }
  run.kill('SIGKILL');
  await gone();
}

/**
 * After `stop()`: the consumer (and any process it names) is gone, not orphaned. `exit` is
 * systemfd's own exit (status, stderr, whether it had already exited before the SIGTERM), shown
 * on failure to tell "systemfd died early" from "it exited without stopping the command".
 */
export function assertGone(exit: SystemfdExit, ...pids: number[]): void {
  for (const pid of pids) {
    if (!isAlive(pid)) continue;
    let status = '';
    try { status = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').filter((l) => /^(State|PPid|SigBlk|SigIgn|SigCgt)/.test(l)).join(', '); } catch { /* no /proc */ }
    assert.fail(`process ${pid} survived systemfd's exit (systemfd: ${JSON.stringify(exit)}; ${status})`);
  }
}

export interface Answer { status?: number; body: string }

/** One HTTP GET over TCP (`port`) or a unix socket (`socketPath`), fresh connection. */
export function httpGet(target: { port: number; host?: string } | { socketPath: string }, path = '/', timeout = 15_000): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const where = 'socketPath' in target ? { socketPath: target.socketPath } : { host: target.host ?? '127.0.0.1', port: target.port };
    const req = request({ ...where, path, agent: false, timeout }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no HTTP answer within ${timeout} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Send one datagram and wait for the echo (resent a few times: UDP may drop on a busy host). */
export function udpExchange(port: number, message: string, { host = '127.0.0.1', timeout = 15_000 } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const send = () => client.send(message, port, host);
    const resend = setInterval(send, 1_000);
    const timer = setTimeout(() => finish(new Error(`no UDP answer within ${timeout} ms`)), timeout);
    const finish = (error: Error | null, reply?: string) => {
      clearInterval(resend);
      clearTimeout(timer);
      client.close();
      if (error) reject(error); else resolve(reply ?? '');
    };
    client.on('message', (data) => finish(null, data.toString('utf8')));
    client.on('error', (error) => finish(error));
    send();
  });
}
