/**
 * What `systemfd watch` ignores unless `defaultIgnores` is off (`--no-default-ignores`).
 *
 * Directory names match at any depth and are never walked nor watched; a directory the user
 * names as a watch path (`-w node_modules/my-lib`) is watched anyway, so "build output is
 * ignored unless watched explicitly". File patterns match basenames at any depth.
 *
 * Chosen from what nodemon (.git, node_modules, bower_components, .nyc_output, .sass-cache,
 * coverage), watchexec (VCS dirs, editor swap files, *.py[co]) and tsx ignore, plus the caches of
 * today's JS frameworks. Deliberately NOT here: `dist`, `build`, `out`, `lib`. Those names are
 * source directories in some projects, and a project that builds into them normally lists them
 * in .gitignore, which is honoured (so `--build` cannot trigger itself in a loop). Nor are data
 * files such as `app.db`: a server that writes one at start is caught by the loop detector.
 */
export const DEFAULT_IGNORES = {
  dirs: [
    // version control
    '.git', '.hg', '.svn', '.jj', '.bzr', '_darcs', '.pijul',
    // dependencies
    'node_modules', 'bower_components', 'jspm_packages', '.yarn', '.pnpm-store',
    // caches and generated output of tools and frameworks
    '.cache', '.sass-cache', '.parcel-cache', '.turbo', '.next', '.nuxt', '.svelte-kit',
    '.vercel', '.netlify', '.angular', '.docusaurus', '.vite', '.eslintcache',
    // test coverage
    'coverage', '.nyc_output',
    // Python and Rust neighbours (systemfd's original users run `cargo watch`)
    '__pycache__', '.pytest_cache', '.mypy_cache', '.ruff_cache', '.tox', '.venv', 'target',
    // editors
    '.idea', '.vscode-test',
  ],
  files: [
    // vim swap files, and the file vim creates to test whether a directory is writable
    '*.swp', '*.swo', '*.swx', '*.swpx', '4913',
    // backups and temp files (vim, emacs, kate, many tools' atomic writes)
    '*~', '.#*', '#*#', '*.kate-swp', '*.tmp', '*.temp', '*.bak', '*.orig',
    // JetBrains "safe write"
    '*___jb_tmp___', '*___jb_old___',
    // OS metadata
    '.DS_Store', 'Thumbs.db', 'desktop.ini',
    // compiled Python
    '*.pyc', '*.pyo',
    // what running programs write: logs (`> dev.log` in the project restarted on every line),
    // pid files, SQLite's journal/WAL/shared-memory files (written on every query), eslint's cache
    '*.log', '*.pid', '*-journal', '*-wal', '*-shm', '.eslintcache',
  ],
} as const;
