/**
 * One generation's NOTIFY_SOCKET, as systemd gives a `Type=notify` service: an AF_UNIX
 * datagram socket at a path in systemfd's run directory. A path (not the abstract namespace)
 * because every client accepts it: libsystemd's sd_notify, python-systemd (which calls it),
 * go-systemd's SdNotify and the Rust sd-notify crate. One socket per generation, so a message
 * belongs to the generation whose processes can see that path, without SCM_CREDENTIALS.
 *
 * Node cannot watch an arbitrary fd for readability, so the socket is non-blocking and polled:
 * often while the generation starts (readiness latency is what a restart waits for), rarely
 * afterwards (STATUS=, STOPPING=1). Most commands never send READY=1 (they become ready by
 * the preload or the timeout), so the interval also grows with every empty poll: a fast start
 * is seen within milliseconds, a slow one within a tenth of its start time, and an idle
 * watcher is not woken 200 times a second for as long as it runs.
 */
import { rmSync } from 'node:fs';
import type { GenerationSignals } from '../supervisor/generation.js';
import { bindUnixDatagram, closeUnixDatagram, receiveAll } from '../platform/posix/unix-dgram.js';
import { parseNotifyMessage } from './sd-notify-message.js';

const FAST_POLL_MS = 5;
const SLOW_POLL_MS = 200;
const BACKOFF = 1.1;

export class NotifySocket {
  readonly path: string;
  #fd: number | null;
  #timer: NodeJS.Timeout | undefined;
  #ready = false;

  constructor(path: string) {
    this.path = path;
    this.#fd = bindUnixDatagram(path);
  }

  watch(signals: GenerationSignals): void {
    let intervalMs = FAST_POLL_MS;
    const poll = () => {
      if (this.#fd === null) return;
      let datagrams: Buffer[];
      try {
        datagrams = receiveAll(this.#fd);
      } catch {
        return; // the socket broke: this generation just has no notify channel any more
      }
      for (const datagram of datagrams) {
        const message = parseNotifyMessage(datagram.toString('utf8'));
        if (message.mainPid !== null) signals.mainPid(message.mainPid);
        if (message.status !== null) signals.status(message.status);
        if (message.ready && !this.#ready) {
          this.#ready = true;
          signals.ready('notify');
        }
        if (message.stopping) signals.stopping();
      }
      intervalMs = this.#ready ? SLOW_POLL_MS : Math.min(SLOW_POLL_MS, intervalMs * BACKOFF);
      this.#timer = setTimeout(poll, intervalMs).unref();
    };
    poll();
  }

  close(): void {
    clearTimeout(this.#timer);
    if (this.#fd !== null) closeUnixDatagram(this.#fd);
    this.#fd = null;
    rmSync(this.path, { force: true });
  }
}
