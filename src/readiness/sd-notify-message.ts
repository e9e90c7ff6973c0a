/**
 * sd_notify's wire format: one datagram of newline-separated `KEY=VALUE` assignments
 * (`READY=1\nSTATUS=Listening`). Pure, so every client's spelling is tested by a table.
 * Unknown keys (WATCHDOG=, EXTEND_TIMEOUT_USEC=, FDSTORE=...) are ignored, as they mean
 * nothing for a development server.
 */
export interface NotifyMessage {
  ready: boolean;
  stopping: boolean;
  status: string | null;
  mainPid: number | null;
}

export function parseNotifyMessage(datagram: string): NotifyMessage {
  const message: NotifyMessage = { ready: false, stopping: false, status: null, mainPid: null };
  for (const line of datagram.split('\n')) {
    const equals = line.indexOf('=');
    if (equals <= 0) continue;
    const key = line.slice(0, equals);
    const value = line.slice(equals + 1);
    if (key === 'READY' && value === '1') message.ready = true;
    else if (key === 'STOPPING' && value === '1') message.stopping = true;
    else if (key === 'STATUS') message.status = value;
    else if (key === 'MAINPID' && /^[1-9]\d*$/.test(value)) message.mainPid = Number(value);
  }
  return message;
}
