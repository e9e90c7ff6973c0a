/** `-V/--version` prints `systemfd <version>` like upstream (clipanion's own uses -v, our --verbose). */
import { readFileSync } from 'node:fs';
import { Command } from 'clipanion';
import type { SystemfdContext } from './context.js';

export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

export class VersionCommand extends Command<SystemfdContext> {
  static override paths = [['-V'], ['--version']];

  async execute(): Promise<number> {
    this.context.stdout.write(`systemfd ${packageVersion()}\n`);
    return 0;
  }
}
