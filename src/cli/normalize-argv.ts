/**
 * Our own pass over systemfd's arguments (those before `--`) before clipanion parses them, for
 * what clipanion gets wrong or says badly:
 * - a value that starts with '-' (`-b -1`, `--debounce -5`) is the option's value, not an
 *   unknown option: it becomes `--backlog=-1` so the value's parser can say what is wrong;
 * - `--poll 1s` gives the interval (clipanion only reads `--poll=1s` for a switch with a value);
 * - `systemfd help [watch]` is `--help`;
 * - an unknown option gets a did-you-mean, and a watch-mode option in one-shot mode says so;
 * - a command given without `--` gets the example with `--` in it, in both modes.
 * The arities come from the settings table.
 */
import { suggest } from '../config/did-you-mean.js';
import type { Mode, SettingRow } from '../settings/row.js';
import { flagsByName, isSwitch, longName } from './table-options.js';

const SUBCOMMANDS = new Set(['watch', 'init']);
const BUILTIN_SWITCHES = ['-h', '--help'];
const VERSION_SWITCHES = ['-V', '--version'];

export type Normalized = { argv: string[] } | { error: string };

interface FlagIndex {
  byName: Map<string, SettingRow>;
  switches: Set<string>;
  names: string[];
}

function indexFor(mode: Mode): FlagIndex {
  const byName = new Map([...flagsByName(mode)].map(([name, [, row]]) => [name, row]));
  const switches = new Set<string>(mode === 'once' ? [...BUILTIN_SWITCHES, ...VERSION_SWITCHES] : BUILTIN_SWITCHES);
  for (const [name, row] of byName) {
    if (!isSwitch(row)) continue;
    switches.add(name);
    if (name.startsWith('--')) switches.add(`--no-${name.slice(2)}`);
  }
  const names = [...switches, ...byName.keys()].filter((name) => name.startsWith('--'));
  return { byName, switches, names };
}

function takesValue(row: SettingRow | undefined): boolean {
  return row !== undefined && (row.type.flag === 'value' || row.type.flag === 'values');
}

function known(name: string, index: FlagIndex): boolean {
  if (index.switches.has(name) || index.byName.has(name)) return true;
  // Bundled short switches: -qv.
  return /^-[A-Za-z]{2,}$/.test(name) && [...name.slice(1)].every((letter) => index.switches.has(`-${letter}`));
}

function unknownOption(name: string, mode: Mode, index: FlagIndex): string {
  if (mode === 'once' && known(name, indexFor('watch'))) {
    return `option ${name} is for watch mode: \`systemfd watch ${name} ...\``;
  }
  const guess = name.startsWith('--') ? suggest(name, index.names) : null;
  return `unknown option '${name}'${guess ? ` (did you mean '${guess}'?)` : ''} (see \`systemfd ${mode === 'watch' ? 'watch ' : ''}--help\`)`;
}

function strayCommand(args: readonly string[], at: number, subcommand: string | null): string {
  const example = ['systemfd', ...(subcommand ? [subcommand] : []), ...args.slice(0, at), '--', ...args.slice(at)].join(' ');
  return `unexpected argument '${args[at]}': the command goes after \`--\`, e.g. \`${example}\``;
}

/** `own` is everything before the first `--`. */
export function normalizeArgv(own: readonly string[]): Normalized {
  let args = [...own];
  if (args[0] === 'help') args = [...args.slice(1), '--help'];
  const subcommand = args[0] !== undefined && SUBCOMMANDS.has(args[0]) ? (args.shift() as string) : null;
  if (subcommand === 'init') return { argv: ['init', ...args] };
  const mode: Mode = subcommand === 'watch' ? 'watch' : 'once';
  const index = indexFor(mode);
  const out: string[] = subcommand ? [subcommand] : [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (!arg.startsWith('-') || arg === '-') return { error: strayCommand(args, i, subcommand) };
    const name = arg.startsWith('--') ? (arg.split('=')[0] as string) : arg;
    if (!known(name, index)) return { error: unknownOption(name, mode, index) };
    const row = index.byName.get(name);
    if (name !== arg || !row) {
      out.push(arg);
    } else if (takesValue(row)) {
      const value = args[i + 1];
      if (value === undefined || (value.startsWith('-') && known(value.split('=')[0] as string, index))) {
        return { error: `option ${arg} needs a value (see \`systemfd ${mode === 'watch' ? 'watch ' : ''}--help\`)` };
      }
      out.push(value.startsWith('-') ? `${longName(row)}=${value}` : arg, ...(value.startsWith('-') ? [] : [value]));
      i++;
    } else if (row.type.flag === 'switch-or-value' && /^-?[\d.]/.test(args[i + 1] ?? '')) {
      out.push(`${longName(row)}=${args[i + 1] as string}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return { argv: out };
}
