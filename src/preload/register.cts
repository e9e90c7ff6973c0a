/**
 * The preload entry: `node --require=<this file>`, injected by systemfd through NODE_OPTIONS
 * (see node-options.ts). Loading it is the whole API.
 *
 * Every node process of the command's tree loads this, so it is CommonJS and tiny: `--import`
 * would start Node's ES module loader in processes that never use it, a cost paid by every
 * `npm`, `tsc` and helper in the tree. Without a LISTEN_FDS count nothing else is loaded. A
 * `--require` preload runs to its end before the main module, CommonJS or ESM, so the patches
 * are in place before any user code.
 */
const count = process.env.LISTEN_FDS;
if (count !== undefined && /^[1-9]\d*$/.test(count)) {
  // The bundle of install.ts (scripts/bundle.mjs), one file to read.
  (require('./install.cjs') as { installPreload: () => unknown }).installPreload();
}
