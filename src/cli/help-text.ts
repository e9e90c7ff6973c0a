/**
 * Clipanion's help, finished with what the settings table knows: value placeholders instead of
 * its `#0` (`-s,--socket SPEC`), `--poll[=DURATION]` for a switch that takes a value, and usage
 * lines that show where the command goes (`$ systemfd watch [OPTIONS] -- COMMAND...`), since
 * the command is split off before clipanion sees the arguments.
 */
import type { Mode } from '../settings/row.js';
import { flagRows } from './table-options.js';

const ANSI = '(?:\\u001b\\[[0-9;]*m)?';
const OPTION_LINE = new RegExp(`^  (${ANSI})(\\S(?:.*?\\S)?)( *)(${ANSI})    (.*)$`);

function definitions(mode: Mode): Map<string, string> {
  const map = new Map<string, string>();
  for (const [, row] of flagRows(mode)) {
    const names = row.flags.join(',');
    if (row.type.flag === 'value' || row.type.flag === 'values') map.set(`${names} #0`, `${names} ${row.type.placeholder}`);
    if (row.type.flag === 'switch-or-value') map.set(names, `${names}[=${row.type.placeholder}]`);
  }
  return map;
}

/** `help` as clipanion rendered it for the command of `mode`. */
export function finishHelp(help: string, mode: Mode): string {
  const rename = definitions(mode);
  const lines = help.split('\n');
  const options: Array<{ at: number; open: string; definition: string; close: string; description: string }> = [];
  lines.forEach((line, at) => {
    const match = OPTION_LINE.exec(line);
    if (!match) return;
    const definition = match[2] as string;
    options.push({ at, open: match[1] ?? '', definition: rename.get(definition) ?? definition, close: match[4] ?? '', description: match[5] ?? '' });
  });
  const width = Math.max(0, ...options.map((option) => option.definition.length));
  for (const { at, open, definition, close, description } of options) {
    lines[at] = `  ${open}${definition.padEnd(width)}${close}    ${description}`;
  }
  const usage = new RegExp(`^(${ANSI}\\$ ${ANSI}systemfd${mode === 'watch' ? ' watch' : ''})$`);
  return lines.map((line) => line.replace(usage, '$1 [OPTIONS] -- COMMAND...')).join('\n');
}
