// Each example under examples/ run the way its README says: the packed package installed into
// a copy of the example (`npm install --save-dev <tarball>`, which also installs the example's
// own dependencies), then `npm run dev`; it answers, an edit of server.js restarts it on the
// same socket, and Ctrl-C stops it. Sockets on TCP and UDP are moved to kernel-chosen ports
// with flags after `npm run dev --`, so no test needs a fixed port; the unix one stays as the
// example's .systemfdrc says (./app.sock, inside the copy).
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { appendFileSync, cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { get } from '../helpers/http.js';
import { hasNpm, installTarball, npmEnv, packedTarball } from '../helpers/packed.js';
import { repoRoot } from '../helpers/paths.js';
import { start, type Running } from '../helpers/process.js';
import { makeTempDir } from '../helpers/temp-dir.js';
import { freePort } from '../helpers/free-port.js';

const npmMissing = !(await hasNpm()) && 'npm not found';
const EXAMPLES = ['plain-http', 'express', 'unix-proxy', 'udp'];

function udpAsk(port: number): Promise<string> {
  const client = createSocket('udp4');
  return new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no UDP answer within 10s')), 10_000);
    client.once('message', (message) => { clearTimeout(timer); resolve(message.toString()); });
    client.send('ping', port, '127.0.0.1');
  }).finally(() => client.close());
}

interface Example {
  name: string;
  /** Flags after `npm run dev --`, and the environment of the run. */
  setup: (dir: string) => Promise<{ args: string[]; env?: NodeJS.ProcessEnv }>;
  /** The server's line on stdout once it serves; group 1 is its pid. */
  ready: RegExp;
  /** Asks the running example; resolves with the pid that answered. */
  ask: (dev: Running, t: TestContext, dir: string) => Promise<string>;
}

async function httpPid(url: string, body: RegExp): Promise<string> {
  const reply = await get(url);
  assert.ok(reply.ok, reply.error);
  const match = body.exec(reply.body);
  assert.ok(match, `unexpected answer ${JSON.stringify(reply.body)}`);
  return match[1] as string;
}

async function portOf(dev: Running, pattern: RegExp): Promise<number> {
  return Number((await dev.waitFor(pattern))[1]);
}

let proxyPort: number | null = null;

const examples: Example[] = [
  {
    name: 'plain-http',
    // PORT: the unmodified server listens where systemfd holds the socket, so the preload adopts it.
    setup: async () => { const port = await freePort(); return { args: ['-s', `http::${port}`], env: { PORT: String(port) } }; },
    ready: /listening on 127\.0\.0\.1:\d+ \(pid (\d+)\)/,
    ask: async (dev) => httpPid(`http://127.0.0.1:${await portOf(dev, /http:\/\/127\.0\.0\.1:(\d+)\//)}/`, /^hello from pid (\d+)/),
  },
  {
    name: 'express',
    setup: async () => ({ args: ['-s', 'http::0'] }),
    ready: /express listening on the socket from systemfd \(fd 3\) \(pid (\d+)\)/,
    ask: async (dev) => httpPid(`http://127.0.0.1:${await portOf(dev, /http:\/\/127\.0\.0\.1:(\d+)\//)}/`, /^hello from express, pid (\d+)/),
  },
  {
    name: 'unix-proxy',
    setup: async () => ({ args: [] }),
    ready: /listening on the unix socket from systemfd \(pid (\d+)\)/,
    ask: async (dev, t, dir) => {
      if (proxyPort === null) {
        // `npm run proxy` in a second terminal, as the example's README says.
        const proxy = start('npm', ['run', 'proxy'], { cwd: dir, env: { ...npmEnv, PORT: '0' } });
        t.after(() => proxy.stop());
        proxyPort = Number((await proxy.waitFor(/proxy http:\/\/127\.0\.0\.1:(\d+)\//, { stream: 'stdout' }))[1]);
      }
      await dev.waitFor(/\.\/app\.sock \(unix listener\)/);
      return httpPid(`http://127.0.0.1:${proxyPort}/`, /^hello over a unix socket, pid (\d+)/);
    },
  },
  {
    name: 'udp',
    setup: async () => ({ args: ['-s', 'udp::0'] }),
    ready: /udp server on 127\.0\.0\.1:\d+ \(pid (\d+)\)/,
    ask: async (dev) => {
      const answer = await udpAsk(await portOf(dev, /127\.0\.0\.1:(\d+) \(udp\)/));
      return (/^pong ping from pid (\d+)/.exec(answer) ?? assert.fail(`unexpected answer ${answer}`))[1] as string;
    },
  },
];

test('every example has a .systemfdrc, "dev": "systemfd watch" and systemfd as a devDependency', () => {
  assert.deepEqual(examples.map((example) => example.name), EXAMPLES);
  for (const name of EXAMPLES) {
    const dir = join(repoRoot, 'examples', name);
    assert.ok(existsSync(join(dir, '.systemfdrc')), `${name}/.systemfdrc`);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string>; devDependencies?: Record<string, string> };
    assert.equal(pkg.scripts?.dev, 'systemfd watch', `${name}: dev script`);
    assert.equal(pkg.devDependencies?.systemfd, 'file:../..', `${name}: npm install links this repository`);
  }
});

for (const example of examples) {
  test(`${example.name}: npm install, npm run dev, answers; an edit restarts it; Ctrl-C stops it`, { skip: npmMissing }, async (t) => {
    const dir = makeTempDir(t, 'sfd-ex-'); // short: ./app.sock must fit a unix socket path
    cpSync(join(repoRoot, 'examples', example.name), dir, { recursive: true, filter: (path) => !path.includes('node_modules') });
    await installTarball(dir, await packedTarball());
    const { args, env } = await example.setup(dir);
    proxyPort = null;
    const dev = start('npm', ['run', 'dev', '--', ...args], { cwd: dir, env: { ...npmEnv, ...env } });
    t.after(() => dev.stop());

    const [, firstPid] = await dev.waitFor(example.ready, { stream: 'stdout' });
    assert.equal(await example.ask(dev, t, dir), firstPid);

    appendFileSync(join(dir, 'server.js'), '// edited\n');
    await dev.waitFor(/~> restart \(server\.js changed\)/);
    const ready = new RegExp(example.ready.source, 'g');
    await dev.waitForCount(example.ready, 2, { stream: 'stdout' });
    const secondPid = [...dev.stdout().matchAll(ready)][1]?.[1] as string;
    assert.notEqual(secondPid, firstPid);
    assert.equal(await example.ask(dev, t, dir), secondPid);

    process.kill(-(dev.child.pid as number), 'SIGINT'); // Ctrl-C: the terminal's foreground group
    const timer = setTimeout(() => dev.kill('SIGKILL'), 20_000);
    const status = await dev.exited;
    clearTimeout(timer);
    assert.notEqual(status.signal, 'SIGKILL', 'npm run dev stopped on Ctrl-C');
    assert.doesNotMatch(dev.stderr(), /internal error|ERR_|Cannot find/);
    if (example.name === 'unix-proxy') assert.equal(existsSync(join(dir, 'app.sock')), false, 'systemfd removed the socket file it created');
  });
}
