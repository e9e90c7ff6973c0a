/**
 * The Windows hand-off request `SECRET|PID` (as upstream systemfd's src/spawn.rs and
 * listenfd's src/windows.rs write and read it). Pure: shared by the RPC server (parent) and the
 * RPC client in the child library. No I/O here.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Longest valid request: `urn:uuid:` + 36-char UUID (45) + `|` + `+` + 10 pid digits = 57
 * bytes. Anything longer is not a request; the server drops it without reading on.
 */
export const MAX_RPC_REQUEST_BYTES = 64;

/** A fresh secret: a random UUID v4, lower-case, hyphenated (what upstream exports). */
export function generateSecret(): string {
  return randomUUID();
}

const HYPHENATED = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIMPLE = /^[0-9a-f]{32}$/i;

/**
 * The 32 lower-case hex digits of a UUID written in any form the Rust `uuid` crate parses
 * (the form listenfd and watchexec clients may send): hyphenated, simple (32 hex digits),
 * braced `{hyphenated}`, or `urn:uuid:hyphenated`; hex digits in any case. We also accept the
 * `urn:uuid:` prefix in any case (a superset; nothing sends it otherwise). Null when invalid.
 */
export function normaliseUuid(text: string): string | null {
  let body = text;
  if (body.length === 45 && body.slice(0, 9).toLowerCase() === 'urn:uuid:') body = body.slice(9);
  else if (body.length === 38 && body.startsWith('{') && body.endsWith('}')) body = body.slice(1, -1);
  if (HYPHENATED.test(body)) return body.replaceAll('-', '').toLowerCase();
  if (body === text && SIMPLE.test(body)) return body.toLowerCase();
  return null;
}

/** The canonical form a client sends: lower-case hyphenated 8-4-4-4-12 (what listenfd sends). */
export function formatUuid(text: string): string | null {
  const hex = normaliseUuid(text);
  if (hex === null) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The request bytes a client writes (then it half-closes). Throws on an invalid secret/pid. */
export function formatRpcRequest(secret: string, pid: number): Buffer {
  const canonical = formatUuid(secret);
  if (canonical === null) throw new TypeError('the socket secret is not a UUID');
  if (!isValidPid(pid)) throw new TypeError(`invalid pid ${pid}`);
  return Buffer.from(`${canonical}|${pid}`, 'utf8');
}

function isValidPid(pid: number): boolean {
  return Number.isInteger(pid) && pid > 0 && pid <= 0xffffffff;
}

// Rust `u32::from_str`: optional `+`, decimal digits only. No whitespace, no newline.
const PID = /^\+?[0-9]{1,10}$/;

/**
 * Parses a complete request (everything the client sent before half-closing) and checks its
 * secret against `expectedSecret` in constant time. Returns the pid, or null for anything
 * else: not UTF-8, no `|`, a secret that is not a UUID or not ours, a pid that is not a decimal
 * u32 > 0, anything after the pid (including a trailing newline, which upstream rejects too),
 * or more than MAX_RPC_REQUEST_BYTES. (Upstream ignores extra `|pieces` after the pid; no
 * client sends them, so we treat them as garbage.)
 */
export function parseRpcRequest(bytes: Uint8Array, expectedSecret: string): number | null {
  if (bytes.length > MAX_RPC_REQUEST_BYTES) return null;
  const expected = normaliseUuid(expectedSecret);
  if (expected === null) throw new TypeError('the expected secret is not a UUID');
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
  const bar = text.indexOf('|');
  if (bar < 0) return null;
  const given = normaliseUuid(text.slice(0, bar));
  const pidText = text.slice(bar + 1);
  if (given === null || !PID.test(pidText)) return null;
  // Both sides are 32 ASCII hex digits here, so the comparison takes the same time whatever
  // the secret; only the (public) shape of the request decides the early returns above.
  if (!timingSafeEqual(Buffer.from(given, 'ascii'), Buffer.from(expected, 'ascii'))) return null;
  const pid = Number(pidText);
  return isValidPid(pid) ? pid : null;
}
