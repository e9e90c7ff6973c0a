/**
 * The preload entry: `node --import=<file URL of this file>`, injected by systemfd through
 * NODE_OPTIONS (see node-options.ts). Importing it is the whole API.
 *
 * Every node process of the command's tree loads this, so the common case stays cheap: without
 * a LISTEN_FDS count nothing else is loaded (~3 ms, the cost of `--import` itself). Node awaits
 * a preload's top-level await before the main module runs, so the patches are in place before
 * any user code.
 */
const count = process.env.LISTEN_FDS;
if (count !== undefined && /^[1-9]\d*$/.test(count)) {
  const { installPreload } = await import('./install.js');
  installPreload();
}

export {};
