/** `systemfd init`: placeholder until issue 4 lands. */
import { Command } from 'clipanion';
import type { SystemfdContext } from './context.js';

export class InitCommand extends Command<SystemfdContext> {
  static override paths = [['init']];

  async execute(): Promise<number> {
    this.context.stderr.write('error: systemfd init is not implemented yet\n');
    return 1;
  }
}
