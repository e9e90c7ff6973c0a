/**
 * What `systemfd` and `systemfd watch` do once their flags are read: merge them over
 * `.systemfdrc`, resolve the launch options, and run. Plain functions, so the fast path of
 * run-cli.ts (flags read without clipanion) and clipanion's commands share them.
 */
import type { Settings } from '../config/settings.js';
import type { SystemfdContext } from './context.js';
import { makeReporter } from './make-reporter.js';
import { runBase, runDirectory, resolveSettings, settingsFilePath } from './resolve-settings.js';
import { toLaunchOptions, toWatchLaunchOptions } from './to-launch-options.js';

/** One-shot mode; the command's status lands in `context.outcome`. */
export async function runOnceMode(flags: Settings, configPath: string | undefined, context: SystemfdContext): Promise<void> {
  const settings = await resolveSettings(flags, configPath, context);
  const options = toLaunchOptions(settings, context.commandArgv, runDirectory(settings, context));
  const reporter = makeReporter(options.output, context);
  context.outcome = await (await import('../launcher/run-once.js')).runOnce(options, { reporter, env: context.env });
}

/** Watch mode; the last generation's status lands in `context.outcome`. */
export async function runWatchMode(flags: Settings, configPath: string | undefined, context: SystemfdContext): Promise<void> {
  const settings = await resolveSettings(flags, configPath, context);
  const options = toWatchLaunchOptions(settings, context.commandArgv, runDirectory(settings, context));
  // An edited settings file is merged with the same flags by the same code as at start.
  const settingsReload = {
    path: settingsFilePath(configPath, context),
    load: async () => {
      const again = await resolveSettings(flags, configPath, context);
      return toWatchLaunchOptions(again, context.commandArgv, runBase(again, context));
    },
  };
  const reporter = makeReporter(options.output, context);
  const stderr = context.stderr as { isTTY?: boolean };
  context.outcome = await (await import('../launcher/run-watch.js')).runWatch(options, { reporter, env: context.env, stdin: context.stdin, canClear: stderr.isTTY === true, settingsReload });
}
