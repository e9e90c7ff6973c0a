/**
 * `systemfd init`: writes a starter `.systemfdrc` in the current directory (issue 4) and says
 * how to run it from an npm script. Never overwrites: an existing file is an error (exit 1).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'clipanion';
import { SystemfdError } from '../errors.js';
import { RC_FILE } from '../config/find-rc.js';
import { makeStarterRc } from '../config/starter-rc.js';
import type { SystemfdContext } from './context.js';

export const DEV_SCRIPT = 'systemfd watch';

export class InitCommand extends Command<SystemfdContext> {
  static override paths = [['init']];

  static override usage = Command.Usage({
    description: 'write a starter .systemfdrc for the project in the current directory',
    details: `
      Guesses the start command from package.json (the "start" script, else "main", else server.js, index.js, ...) and the port from the start script, .env or the entry file (default 3000), and writes them with the watch defaults to .systemfdrc. Never overwrites an existing file.

      Then add \`"dev": "${DEV_SCRIPT}"\` to the scripts of package.json and run \`npm run dev\`.
    `,
  });

  async execute(): Promise<number> {
    const { cwd } = this.context;
    const path = join(cwd, RC_FILE);
    const starter = makeStarterRc(cwd);
    try {
      await writeFile(path, starter.text, { flag: 'wx' }); // wx: fails if the file exists, no race
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        throw new SystemfdError('CONFIG', `${RC_FILE} already exists in ${cwd}: not overwriting it (edit it, or delete it and run systemfd init again)`, { exitCode: 1 });
      }
      throw new SystemfdError('CONFIG', `cannot write ${path}: ${(error as Error).message}`, { cause: error, exitCode: 1 });
    }
    const lines = [
      `wrote ${RC_FILE}: socket ${starter.socket}${starter.portFrom ? ` (port from ${starter.portFrom})` : ''}, command \`${starter.command}\` (from ${starter.commandFrom})`,
    ];
    const dev = starter.packageJson?.scripts?.dev;
    if (dev === DEV_SCRIPT) {
      lines.push('package.json already has the "dev" script: run `npm run dev`');
    } else {
      lines.push('', 'next, add the npm script to package.json' + (typeof dev === 'string' ? ` (it has "dev": ${JSON.stringify(dev)} now)` : '') + ':', '', '  "scripts": {', `    "dev": "${DEV_SCRIPT}"`, '  }', '', 'and run `npm run dev` (with systemfd installed: npm install --save-dev systemfd)');
    }
    this.context.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }
}
