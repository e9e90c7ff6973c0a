/**
 * The CLI proper, loaded by the bin entry (cli.ts) once it knows it has real work to do: run
 * the CLI, then exit the way the command did. A command killed by a signal makes systemfd die
 * of the same signal, as the exec'ing original does by construction, so scripts and shells
 * around systemfd see the command's own status.
 *
 * The published package ships this file bundled with its dependencies (scripts/bundle.mjs):
 * one file to read instead of about a hundred to resolve is most of systemfd's start-up.
 */
import { runCli } from './cli/run-cli.js';
import { mirrorsSignals, statusCode } from './supervisor/signals.js';

// process.cwd() throws when the directory we were started in has been deleted.
let cwd: string;
try {
  cwd = process.cwd();
} catch {
  process.stderr.write('error: the current directory no longer exists\n');
  process.exit(1);
}

const result = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd,
});

/**
 * Exit at once instead of when the event loop drains: a natural exit also tears down the whole
 * JavaScript heap, page by page, which costs a one-shot run more than its argument parsing.
 * Everything systemfd must do before it ends (stopping the tree, removing socket files) is done
 * by the time runCli returns. Output still queued (pipes are asynchronous on macOS) is let out
 * the slow way.
 */
function exitSoon(code: number): void {
  process.exitCode = code;
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit(code);
}

if ('exitCode' in result) {
  exitSoon(result.exitCode);
} else if (result.mirror.signal && mirrorsSignals) {
  const signal = result.mirror.signal;
  // If the signal cannot end us (Node ignores SIGPIPE, for one), the shell convention applies.
  process.exitCode = statusCode(result.mirror);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  setTimeout(() => process.exit(statusCode(result.mirror)), 100);
} else {
  exitSoon(statusCode(result.mirror));
}
