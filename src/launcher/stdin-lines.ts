/**
 * Watch mode's stdin: systemfd reads it line by line; `rs` restarts the command, every other
 * line goes on to the serving generation's stdin, as nodemon does. Each generation's stdin is
 * then a pipe, not the terminal (isatty(0) is false, no raw mode); --no-stdin gives it the
 * terminal itself and turns `rs` off.
 *
 * Lines go to the generation clients reach (the newest ready one), else to the newest that is
 * starting; with none running a line is dropped, since a server started later did not ask for
 * it. When systemfd's stdin ends, so does each generation's, now and for every later start:
 * as with a terminal's Ctrl-D, there is nothing more to read.
 */
import { createInterface, type Interface } from 'node:readline';

export interface StdinTargets {
  /** The generation lines go to: its id, or null when none runs. */
  current(): number | null;
  restart(): void;
}

export class StdinLines {
  readonly #inputs = new Map<number, NodeJS.WritableStream>();
  #lines: Interface | null = null;
  #ended = false;

  /** Start reading `input`; lines go where `targets` says. */
  listen(input: NodeJS.ReadableStream, targets: StdinTargets): void {
    this.#lines = createInterface({ input, terminal: false });
    this.#lines.on('line', (line) => {
      if (line.trim() === 'rs') return targets.restart();
      const id = targets.current();
      const target = id === null ? undefined : this.#inputs.get(id);
      target?.write(`${line}\n`);
    });
    this.#lines.on('close', () => this.#endAll());
  }

  /** A generation's stdin pipe, right after its spawn. */
  readonly attach = (id: number, input: NodeJS.WritableStream): void => {
    // A generation that exited (or closed its stdin) makes writes fail with EPIPE: the line
    // had nobody to read it, which is not an error of ours.
    input.on('error', () => {});
    if (this.#ended) {
      input.end();
      return;
    }
    this.#inputs.set(id, input);
    input.once('close', () => this.#inputs.delete(id));
  };

  /** Stop reading (shutdown); the generations' pipes close with them. */
  close(): void {
    this.#lines?.close();
  }

  #endAll(): void {
    this.#ended = true;
    for (const input of this.#inputs.values()) input.end();
  }
}
