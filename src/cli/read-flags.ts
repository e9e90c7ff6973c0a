/**
 * systemfd's flags read straight from the settings table, without clipanion. Building
 * clipanion's parser (a state machine over every option of every command) costs a Node start's
 * worth of milliseconds on each run, and a one-shot `systemfd -s 0 -- CMD` should cost little
 * more than the command itself. normalize-argv.ts has already checked every token against the
 * table, so what is left is mapping tokens to values the way clipanion would:
 * - a switch (`-q`, `--overlap`) is true, its `--no-` form false; bundled shorts (`-qv`) each;
 * - a value option takes the next token or `--name=value`; given twice, the last one wins;
 * - a list option (`-s`) collects every value in order;
 * - a switch that takes a value (`--poll`, `--poll=1s`) is true or the value.
 *
 * Anything else answers null, and the caller hands the arguments to clipanion, which says
 * what is wrong. A test runs both over the same arguments and requires the same values.
 */
import type { Mode, SettingRow } from '../settings/row.js';
import type { SettingKey } from '../settings/table.js';
import { flagsByName, isSwitch } from './table-options.js';

/** What clipanion would have put on the command's property for the row. */
export type FlagInput = boolean | string | string[];

export type FlagValues = Partial<Record<SettingKey, FlagInput>>;

/** `argv`: the arguments of the command of `mode`, normalized, without the subcommand's name. */
export function readFlags(argv: readonly string[], mode: Mode): FlagValues | null {
  const byName = flagsByName(mode);
  const values: FlagValues = {};
  const set = (key: SettingKey, row: SettingRow, value: FlagInput): void => {
    if (row.type.flag === 'values') values[key] = [...((values[key] as string[] | undefined) ?? []), value as string];
    else values[key] = value;
  };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const name = equals < 0 ? token : token.slice(0, equals);
    const entry = byName.get(name);
    if (entry) {
      const [key, row] = entry;
      if (equals >= 0) {
        if (row.type.flag === 'switch') return null;
        set(key, row, token.slice(equals + 1));
      } else if (isSwitch(row)) {
        set(key, row, true);
      } else {
        const value = argv[i + 1];
        if (value === undefined) return null;
        set(key, row, value);
        i++;
      }
      continue;
    }
    const negated = equals < 0 && name.startsWith('--no-') ? byName.get(`--${name.slice(5)}`) : undefined;
    if (negated && isSwitch(negated[1])) {
      set(negated[0], negated[1], false);
      continue;
    }
    if (/^-[A-Za-z]{2,}$/.test(token)) {
      const letters = [...token.slice(1)].map((letter) => byName.get(`-${letter}`));
      if (letters.some((letter) => !letter || letter[1].type.flag !== 'switch')) return null;
      for (const letter of letters as Array<[SettingKey, SettingRow]>) set(letter[0], letter[1], true);
      continue;
    }
    return null;
  }
  return values;
}
