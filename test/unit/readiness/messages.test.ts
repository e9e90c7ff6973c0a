// The readiness wire formats: sd_notify datagrams and the preload's FIFO lines.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseReadyMessage } from '../../../src/preload/contract.js';
import { parseNotifyMessage } from '../../../src/readiness/sd-notify-message.js';

test('sd_notify datagrams as libsystemd, python-systemd, go-systemd and the Rust crate send them', () => {
  const none = { ready: false, stopping: false, status: null, mainPid: null };
  const cases: Array<[string, object]> = [
    ['READY=1', { ...none, ready: true }],
    ['READY=1\n', { ...none, ready: true }],
    ['READY=1\nSTATUS=serving as pid 42\nMAINPID=42', { ...none, ready: true, status: 'serving as pid 42', mainPid: 42 }],
    ['STATUS=a=b', { ...none, status: 'a=b' }],
    ['STOPPING=1', { ...none, stopping: true }],
    ['READY=0', none],
    ['MAINPID=0', none],
    ['MAINPID=x', none],
    ['WATCHDOG=1\nEXTEND_TIMEOUT_USEC=5000000', none],
    ['garbage', none],
    ['', none],
  ];
  for (const [datagram, expected] of cases) assert.deepEqual(parseNotifyMessage(datagram), expected, JSON.stringify(datagram));
});

test('preload readiness lines: well-formed ones parse, anything else is dropped', () => {
  assert.deepEqual(parseReadyMessage('{"generation":3,"pid":9,"event":"ready","fd":3}'), { generation: 3, pid: 9, event: 'ready', fd: 3 });
  assert.equal(parseReadyMessage('{"generation":3,"pid":9,"event":"listen-failed","code":"EADDRINUSE","port":9229,"address":null}')?.event, 'listen-failed');
  for (const line of ['', 'not json', '{}', '{"generation":"3","pid":9,"event":"ready"}', '{"generation":3,"pid":9,"event":"other"}', 'null']) {
    assert.equal(parseReadyMessage(line), null, line);
  }
});
