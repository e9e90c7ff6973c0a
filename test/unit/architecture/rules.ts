/**
 * The dependency rules of src/, as data: which top-level folder (or top-level file) may import
 * which, and which npm packages it may use. boundaries.test.ts checks every import against it,
 * and the README's architecture section shows the same table (the test renders it and compares).
 *
 * The child library and the preload load in every server process: they reach only protocol/
 * and platform/, so they never pull in the CLI's dependencies. platform/ is the bottom: Node and
 * koffi only.
 */

export interface Rule {
  unit: string;
  imports: readonly string[];
  packages: readonly string[];
}

export const RULES: readonly Rule[] = [
  { unit: 'cli.ts', imports: ['main.ts'], packages: [] },
  { unit: 'main.ts', imports: ['cli', 'supervisor'], packages: [] },
  { unit: 'cli', imports: ['launcher', 'config', 'settings', 'supervisor', 'log', 'errors.ts'], packages: ['clipanion'] },
  { unit: 'config', imports: ['settings', 'errors.ts'], packages: [] },
  { unit: 'settings', imports: ['sockets', 'watch', 'protocol'], packages: [] },
  { unit: 'launcher', imports: ['settings', 'sockets', 'supervisor', 'readiness', 'proxy', 'watch', 'preload', 'protocol', 'log', 'errors.ts'], packages: [] },
  { unit: 'proxy', imports: ['sockets', 'platform', 'protocol', 'errors.ts'], packages: [] },
  { unit: 'readiness', imports: ['supervisor', 'preload', 'platform'], packages: [] },
  { unit: 'log', imports: ['errors.ts'], packages: [] },
  { unit: 'watch', imports: [], packages: ['chokidar', 'ignore', 'picomatch'] },
  { unit: 'supervisor', imports: ['platform', 'protocol', 'errors.ts'], packages: ['tree-kill'] },
  { unit: 'sockets', imports: ['rpc', 'platform', 'protocol', 'errors.ts'], packages: [] },
  { unit: 'rpc', imports: ['platform', 'protocol'], packages: [] },
  { unit: 'preload', imports: ['listenfd', 'protocol', 'platform'], packages: [] },
  { unit: 'listenfd', imports: ['protocol', 'platform'], packages: [] },
  { unit: 'errors.ts', imports: ['platform'], packages: [] },
  { unit: 'protocol', imports: [], packages: [] },
  { unit: 'platform', imports: [], packages: ['koffi'] },
];

/** The only files that may read `process.platform`: each picks an implementation once. */
export const PLATFORM_SELECTORS: readonly { file: string; picks: string }[] = [
  { file: 'src/sockets/socket-set.ts', picks: 'the socket layer: posix.ts, win32.ts or unsupported.ts' },
  { file: 'src/listenfd/index.ts', picks: 'the child library: LISTEN_* (POSIX) or the RPC client (Windows)' },
  { file: 'src/supervisor/kill-tree.ts', picks: 'tree control: kill-tree-posix.ts or kill-tree-win32.ts (process groups, signals, command rules)' },
  { file: 'src/watch/watcher.ts', picks: 'the watcher backend: one inotify watch per directory, or recursive fs.watch' },
  { file: 'src/readiness/readiness-hub.ts', picks: 'readiness sources: the preload FIFO and NOTIFY_SOCKET (POSIX), none on Windows' },
  { file: 'src/proxy/adopt-listener.ts', picks: 'proxy mode: the public listeners adopted from the held fds (POSIX), refused on Windows' },
  { file: 'src/platform/posix/libc.ts', picks: 'Linux or macOS constants, struct layouts and libc path' },
];

/** The table as the README shows it. */
export function renderRulesTable(): string {
  const name = (unit: string) => (unit.endsWith('.ts') ? `src/${unit}` : `src/${unit}/`);
  const lines = ['| folder | may import from src/ | packages |', '|---|---|---|'];
  for (const rule of RULES) {
    const imports = rule.imports.length > 0 ? rule.imports.map(name).join(', ') : '–';
    lines.push(`| ${name(rule.unit)} | ${imports} | ${rule.packages.join(', ') || '–'} |`);
  }
  return lines.join('\n');
}

export function renderSelectorList(): string {
  return PLATFORM_SELECTORS.map(({ file, picks }) => `- \`${file}\`: ${picks}`).join('\n');
}
