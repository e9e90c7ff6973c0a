/**
 * One environment for every tool, so start times compare fairly: variables that change how fast
 * `node` starts (a CA bundle in NODE_EXTRA_CA_CERTS adds ~29 ms to every start here), or what it
 * loads (NODE_OPTIONS), or that would leak socket-activation state into the runs, are removed.
 */
const DROPPED = [/^NODE_EXTRA_CA_CERTS$/, /^NODE_OPTIONS$/, /^NODE_DEBUG/, /^NODE_V8_COVERAGE$/, /^NODE_COMPILE_CACHE$/, /^LISTEN_/, /^SYSTEMFD_/, /^DEBUG$/];

export function cleanEnv(base: NodeJS.ProcessEnv = process.env, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !DROPPED.some((re) => re.test(key))) env[key] = value;
  }
  return { ...env, FORCE_COLOR: '0', NO_COLOR: '1', ...extra };
}

/** Names removed from the environment, for the report. */
export const droppedNames = (base: NodeJS.ProcessEnv = process.env): string[] =>
  Object.keys(base).filter((key) => DROPPED.some((re) => re.test(key)));
