import { Reporter, resolveColor } from '../log/reporter.js';
import type { OutputOptions } from '../launcher/options.js';
import type { SystemfdContext } from './context.js';

export function makeReporter(output: OutputOptions, context: SystemfdContext): Reporter {
  const stream = context.stderr as NodeJS.WritableStream & { isTTY?: boolean };
  return new Reporter({ stream, color: resolveColor(output.color, context.env, stream), quiet: output.quiet, verbose: output.verbose });
}
