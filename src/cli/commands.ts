/** Every command of the CLI, registered by run-cli.ts. */
import type { CommandClass } from 'clipanion';
import type { SystemfdContext } from './context.js';
import { SystemfdCommand } from './systemfd-command.js';
import { VersionCommand } from './version-command.js';
import { WatchCommand } from './watch-command.js';
import { InitCommand } from './init-command.js';

export function commandClasses(): CommandClass<SystemfdContext>[] {
  return [SystemfdCommand, WatchCommand, InitCommand, VersionCommand];
}
