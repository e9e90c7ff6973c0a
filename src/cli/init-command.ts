/**
 * `systemfd init`: writes a starter `.systemfdrc` in the current directory and adds the
 * `"dev": "systemfd watch"` script to package.json when it has no `dev` script. Never
 * overwrites: an existing .systemfdrc is an error (exit 1), an existing `dev` script is kept.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'clipanion';
import { SystemfdError } from '../errors.js';
import { RC_FILE } from '../config/find-rc.js';
import { addDevScript } from '../config/dev-script.js';
import { makeStarterRc, type PackageJson } from '../config/starter-rc.js';
import type { SystemfdContext } from './context.js';

export const DEV_SCRIPT = 'systemfd watch';

export class InitCommand extends Command<SystemfdContext> {
  static override paths = [['init']];

  static override usage = Command.Usage({
    description: 'write a starter .systemfdrc and add the "dev" npm script',
    details: `
      Guesses the start command (the "start" script, else "main", else the first of server.js, app.js, index.js, src/server.js, ... that exists; TypeScript entries through tsx when tsx is a dependency) and the port (the start script, .env, or what the entry file listens on; default 3000), and writes them with the watch defaults to .systemfdrc. Never overwrites an existing file.

      Adds \`"dev": "${DEV_SCRIPT}"\` to the scripts of package.json when there is no "dev" script (an existing one is kept); then \`npm run dev\`.
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
      ...(await this.#addDevScript(starter.packageJson)),
    ];
    this.context.stdout.write(`${lines.join('\n')}\n`);
    return 0;
  }

  /** The lines that say what happened to package.json's `dev` script. */
  async #addDevScript(pkg: PackageJson | null): Promise<string[]> {
    const install = pkg && !isInstalled(pkg) ? ['(systemfd is not in package.json yet: npm install --save-dev systemfd)'] : [];
    const manual = ['', 'add the npm script to package.json:', '', '  "scripts": {', `    "dev": "${DEV_SCRIPT}"`, '  }', '', 'and run `npm run dev` (with systemfd installed: npm install --save-dev systemfd)'];
    if (pkg === null) return manual;
    const path = join(this.context.cwd, 'package.json');
    const edit = addDevScript(await readFile(path, 'utf8'), DEV_SCRIPT);
    if (edit.kind === 'present') {
      if (edit.script === DEV_SCRIPT) return ['package.json already has the "dev" script: run `npm run dev`', ...install];
      return [`package.json has "dev": ${JSON.stringify(edit.script)}: not changing it; to use systemfd, set it to "${DEV_SCRIPT}" (or add it under another name)`, ...install];
    }
    if (edit.kind === 'unreadable') return manual;
    try {
      await writeFile(path, edit.text);
    } catch (error) {
      return [`cannot update ${path}: ${(error as Error).message}`, ...manual];
    }
    return [`added "dev": "${DEV_SCRIPT}" to package.json: run \`npm run dev\``, ...install];
  }
}

function isInstalled(pkg: PackageJson): boolean {
  return [pkg.dependencies, pkg.devDependencies].some((deps) => deps !== null && typeof deps === 'object' && 'systemfd' in deps);
}
