/**
 * Every generation's environment carries SYSTEMFD_GENERATION=<session>.<n>. It is how the tree
 * kill recognises a generation's processes after they left its process group and its parent
 * chain (a daemon that double-forks and calls setsid keeps its environment), and how the
 * watchdog finds them once systemfd itself is gone. Process groups and sessions do not work for
 * this: setsid leaves both. A process that scrubs its own environment is only found through its
 * parents or its group, as before.
 */
export const GENERATION_VAR = 'SYSTEMFD_GENERATION';

/**
 * One id per systemfd process: the watchdog matches it as a prefix. The pid is unique among
 * running processes and the start time tells a reused pid apart; the random part covers clock
 * steps. Letters, digits and dashes only, so it is safe in a pattern. (Not node:crypto: loading
 * it costs every start more than the whole id is worth.)
 */
export const SESSION_ID = [process.pid, Date.now(), Math.floor(Math.random() * 2 ** 32)].map((part) => part.toString(36)).join('-');

let counter = 0;

export function newGenerationTag(): string {
  counter += 1;
  return `${SESSION_ID}.${counter}`;
}
