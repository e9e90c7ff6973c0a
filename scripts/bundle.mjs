// Bundles what runs on every start, after tsc has built dist/: the CLI (dist/src/main.js, which
// the bin entry dist/src/cli.js imports once it has real work) and the preload's body
// (dist/src/preload/install.cjs, loaded in every Node process of the command's tree that
// inherits sockets). Resolving and reading about a hundred modules was most of systemfd's
// start-up; a bundle is read and compiled in one go (and cached by Node's compile cache where
// it has one). One file, not a main file with chunks loaded on demand: each ES module costs
// the loader an asynchronous read and a module job, and a one-shot run loaded two dozen of
// them, which cost more than reading the parts it never runs. Our own parts a run does not use
// (the watcher, the proxy) are only pre-parsed, and evaluated when first imported; the larger
// libraries only some runs need are not in the bundle at all (LAZY_PACKAGES below).
//
// Left as tsc built them: the bin entry (tiny, answers --version alone), the preload entry
// (register.cjs: a few lines that load install.cjs only when there are sockets) and the child
// library `systemfd/listenfd`. koffi stays external: a native addon found at run time.
// Dependencies left out of the bundle are still dependencies in package.json, so installing
// systemfd installs them.
import { builtinModules } from 'node:module';
import { readFile, readdir, rm } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist/src');

/**
 * Code that finds files next to itself (the preload entry, package.json, the schema) reads
 * import.meta.url. In a bundle every module would see the bundle's URL, so each module gets
 * the URL it has in tsc's layout (dist/src/<same path>.js) instead, and finds what it found.
 * `outputDir` is where the bundle is written.
 */
function keepModuleUrls(outputDir, format = 'esm') {
  // CommonJS output has no import.meta: the bundle's own URL comes from __filename there.
  const base = format === 'cjs' ? "require('node:url').pathToFileURL(__filename).href" : 'import.meta.url';
  return {
    name: 'keep-module-urls',
    setup(esbuild) {
      esbuild.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
        const source = await readFile(path, 'utf8');
        const built = join(dist, relative(join(root, 'src'), path)).replace(/\.ts$/, '.js');
        const url = `new URL(${JSON.stringify(`./${relative(outputDir, built).replace(/\\/g, '/')}`)}, ${base}).href`;
        return { contents: source.replaceAll('import.meta.url', url), loader: 'ts' };
      });
    },
  };
}

/**
 * A plugin that turns each import `resolve` accepts into a CommonJS module calling require() at
 * run time, the require() itself left to Node. A bundled module is evaluated when it is first
 * imported, so that require() runs only then, and never in a run that does not get there.
 * `resolve(path, kind)` returns the specifier to require, or undefined to leave the import be.
 */
function requiredAtRunTime(name, filter, resolve) {
  const namespace = `${name}-required`;
  return {
    name,
    setup(esbuild) {
      esbuild.onResolve({ filter }, ({ path, kind, namespace: from }) => {
        if (from === namespace) return { path, external: true };
        const specifier = resolve(path, kind);
        return specifier === undefined ? undefined : { path: specifier, namespace };
      });
      esbuild.onLoad({ filter: /.*/, namespace }, ({ path }) => ({ contents: `module.exports = require(${JSON.stringify(path)});`, loader: 'js' }));
    },
  };
}

/**
 * Node builtins are taken with require() instead of import. Importing a builtin from ESM builds
 * its module namespace from every export, and that runs the builtin's lazy getters: `node:fs`
 * loads fs/promises and the stream classes, `node:util` loads MIME and parseArgs, and so on, a
 * few dozen internal modules that a one-shot run never uses. require() hands back the object
 * and leaves the getters alone.
 */
function builtinsThroughRequire() {
  const builtins = new Set(builtinModules);
  return requiredAtRunTime('builtins-through-require', /^[a-z_:/]+$/, (path, kind) => {
    if (kind !== 'import-statement' && kind !== 'dynamic-import') return undefined;
    if (!builtins.has(path.replace(/^node:/, ''))) return undefined;
    return path.startsWith('node:') ? path : `node:${path}`;
  });
}

/**
 * The libraries only some runs need stay in node_modules (they are dependencies, installed with
 * systemfd) and are required when the code that uses them first runs: clipanion (help, init),
 * picomatch and ignore (the watcher), chokidar (the polling watcher, imported dynamically).
 * Compiling the bundle is most of what loading it costs, and these are half of it.
 */
const LAZY_PACKAGES = ['clipanion', 'picomatch', 'ignore'];
const EXTERNAL_ESM_PACKAGES = ['chokidar'];

function lazyPackages() {
  return requiredAtRunTime('lazy-packages', new RegExp(`^(${LAZY_PACKAGES.join('|')})$`), (path, kind) => (kind === 'import-statement' ? path : undefined));
}

// Bundled CommonJS code calls require(); ESM output has none of its own.
const REQUIRE_BANNER = "import { createRequire as __systemfdRequire } from 'node:module';\nconst require = __systemfdRequire(import.meta.url);";

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['koffi'],
  legalComments: 'eof',
  logLevel: 'warning',
};

// Chunks of builds that split the bundle would be left behind in an existing dist/.
for (const name of await readdir(dist)) if (name.startsWith('chunk-')) await rm(join(dist, name));

await build({
  ...common,
  entryPoints: [join(root, 'src/main.ts')],
  outdir: dist,
  external: [...common.external, ...EXTERNAL_ESM_PACKAGES],
  plugins: [keepModuleUrls(dist), builtinsThroughRequire(), lazyPackages()],
  banner: { js: REQUIRE_BANNER },
});

// The preload's body, loaded with require() by register.cjs: CommonJS, so the node processes of
// the command's tree never start the ES module loader for it.
await build({
  ...common,
  format: 'cjs',
  entryPoints: [join(root, 'src/preload/install.ts')],
  outfile: join(dist, 'preload/install.cjs'),
  plugins: [keepModuleUrls(join(dist, 'preload'), 'cjs')],
});

// tsc's maps describe the files the bundles replaced: remove them rather than mislead.
await rm(join(dist, 'main.js.map'), { force: true });
