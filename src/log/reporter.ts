/**
 * The only writer of systemfd's own output (supervisor, watch and sockets only emit events, so
 * output stays in one place). Info lines keep upstream systemfd's format: `~> message` on stderr,
 * `~>` dim+bold and the message cyan when colour is on. Errors are one `error: ...` line on
 * stderr (with a non-zero exit, unlike upstream's stdout and exit 0); `-q` silences info, never
 * errors.
 */
import { formatError } from './format-error.js';

export type ColorChoice = 'auto' | 'always' | 'never';

export interface ReporterOptions {
  stream: NodeJS.WritableStream & { isTTY?: boolean };
  color: boolean;
  /** -q: no info lines. */
  quiet: boolean;
  /** -v: also debug lines (every event, why a path was ignored). */
  verbose: boolean;
}

const ESC = '\u001b[';
const style = {
  prefix: (text: string) => `${ESC}1m${ESC}2m${text}${ESC}0m`,
  info: (text: string) => `${ESC}36m${text}${ESC}0m`,
  warn: (text: string) => `${ESC}33m${text}${ESC}0m`,
  error: (text: string) => `${ESC}31m${ESC}1m${text}${ESC}0m`,
  dim: (text: string) => `${ESC}2m${text}${ESC}0m`,
};

/**
 * `--color auto` follows the usual conventions: NO_COLOR and TERM=dumb turn it off,
 * FORCE_COLOR / CLICOLOR_FORCE turn it on, otherwise colour when stderr is a terminal.
 */
export function resolveColor(choice: ColorChoice, env: NodeJS.ProcessEnv, stream: { isTTY?: boolean }): boolean {
  if (choice === 'always') return true;
  if (choice === 'never') return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if ((env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') || (env.CLICOLOR_FORCE ?? '0') !== '0') return true;
  if (env.TERM === 'dumb') return false;
  return stream.isTTY === true;
}

export class Reporter {
  readonly #options: ReporterOptions;

  constructor(options: ReporterOptions) {
    this.#options = options;
  }

  get quiet(): boolean {
    return this.#options.quiet;
  }

  get verbose(): boolean {
    return this.#options.verbose;
  }

  get color(): boolean {
    return this.#options.color;
  }

  #line(message: string, paint: (text: string) => string): void {
    const { color, stream } = this.#options;
    stream.write(color ? `${style.prefix('~>')} ${paint(message)}\n` : `~> ${message}\n`);
  }

  /** A normal `~>` info line (socket lines, restarts). Suppressed by -q. */
  info(message: string): void {
    if (!this.#options.quiet) this.#line(message, style.info);
  }

  /** `~> warning: ...` Suppressed by -q like upstream's "no sockets created" warning. */
  warn(message: string): void {
    if (!this.#options.quiet) this.#line(`warning: ${message}`, style.warn);
  }

  /** Only with -v. */
  debug(message: string): void {
    if (this.#options.verbose && !this.#options.quiet) this.#line(message, style.dim);
  }

  /** One `error: ...` line; never suppressed. */
  error(error: unknown): void {
    const text = formatError(error);
    const { color, stream } = this.#options;
    stream.write(color ? `${style.error('error:')} ${text}\n` : `error: ${text}\n`);
  }

  /** Raw text (the screen clear sequence). */
  raw(text: string): void {
    this.#options.stream.write(text);
  }
}
