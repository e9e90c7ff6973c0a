#!/usr/bin/env node
/**
 * The bin entry: run the CLI, then exit the way the command did. A command killed by a signal
 * makes systemfd die of the same signal, as the exec'ing original does by construction: a
 * calling shell or script then sees the command's own status.
 */
import module from 'node:module';
import { mirrorsSignals, statusCode } from './supervisor/signals.js';

// Node >= 22.1 caches compiled code between runs (a large part of our start-up is module
// loading); older Nodes simply do not have it.
(module as { enableCompileCache?: () => unknown }).enableCompileCache?.();

const { runCli } = await import('./cli/run-cli.js');

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

if ('exitCode' in result) {
  process.exitCode = result.exitCode;
} else if (result.mirror.signal && mirrorsSignals) {
  const signal = result.mirror.signal;
  // If the signal cannot end us (Node ignores SIGPIPE, for one), the shell convention applies.
  process.exitCode = statusCode(result.mirror);
  process.removeAllListeners(signal);
  process.kill(process.pid, signal);
  setTimeout(() => process.exit(statusCode(result.mirror)), 100);
} else {
  process.exitCode = statusCode(result.mirror);
}
