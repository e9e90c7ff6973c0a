/**
 * At most `size` tasks at a time; the others wait their turn in order. The walk lists a few
 * directories at a time: libuv's threadpool does four file system calls at once anyway, and
 * listings that came back all together waited in memory for their turn. On a large tree that
 * was megabytes that survived into V8's young generation, which then grew and stayed grown.
 */
export class Slots {
  #free: number;
  #waiting: (() => void)[] = [];

  constructor(size: number) {
    this.#free = size;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#free > 0) this.#free--;
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      // A waiting task takes the slot over; otherwise it is free again.
      const next = this.#waiting.shift();
      if (next) next();
      else this.#free++;
    }
  }
}
