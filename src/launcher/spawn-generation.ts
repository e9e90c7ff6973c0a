/**
 * Generations as processes: the factory the supervisor starts them through, the same for
 * one-shot and watch mode. The hand-off decides what each generation gets (fds, environment,
 * readiness sources); this file only spawns and wraps.
 */
import type { GenerationFactory, HandOff } from '../supervisor/generation.js';
import { processGeneration } from '../supervisor/process-generation.js';
import { spawnChild } from '../supervisor/spawn-child.js';
import type { CommandOptions } from './options.js';

export interface ProcessGenerationsOptions {
  command: CommandOptions;
  handOff: HandOff;
  env: NodeJS.ProcessEnv;
  stdin: 'inherit' | 'ignore' | 'pipe';
  /** With stdin 'pipe': receives each generation's stdin (launcher/stdin-lines.ts writes to it). */
  onInput?: (id: number, input: NodeJS.WritableStream) => void;
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
  /** Whether there are sockets: LISTEN_PID only goes with them (no sockets, no LISTEN_* at all). */
  withSockets: boolean;
}

export function processGenerations(options: ProcessGenerationsOptions): GenerationFactory {
  const { command, handOff, env, stdin, stopSignal, stopTimeoutMs, withSockets, onInput } = options;
  return {
    start: ({ id, alongside, signals }) => {
      const prepared = handOff.prepare({ id, alongside });
      let generation;
      try {
        const child = spawnChild({ argv: command.argv, cwd: command.cwd, baseEnv: env, envPatch: prepared.envPatch, fds: prepared.fds, withPid: command.pid && withSockets, stdin });
        if (child.stdin) onInput?.(id, child.stdin);
        generation = processGeneration(child, { stopSignal, stopTimeoutMs, onGone: () => handOff.release({ id }), onRetire: () => handOff.retire({ id }), onSlowStop: (killInMs) => signals.slowStop?.(killInMs) });
      } catch (error) {
        handOff.release({ id });
        throw error;
      }
      handOff.watch({ id, pid: generation.pid }, signals);
      return generation;
    },
  };
}
