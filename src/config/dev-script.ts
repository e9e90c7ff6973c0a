/**
 * Adding `"dev": "systemfd watch"` to a package.json text for `systemfd init`. Pure: text in,
 * text out. The file keeps its indentation, key order and final newline, so the user's diff is
 * the one added line; a file that is not a JSON object is left alone.
 */
export type DevScriptEdit =
  | { kind: 'added'; text: string }
  | { kind: 'present'; script: string }
  | { kind: 'unreadable' };

function indentOf(text: string): string | number {
  const match = /^[{[]\r?\n([ \t]+)\S/.exec(text);
  return match?.[1] ?? 2;
}

export function addDevScript(text: string, script: string): DevScriptEdit {
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch {
    return { kind: 'unreadable' };
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) return { kind: 'unreadable' };
  const record = pkg as Record<string, unknown>;
  const scripts = record.scripts ?? {};
  if (scripts === null || typeof scripts !== 'object' || Array.isArray(scripts)) return { kind: 'unreadable' };
  const existing = (scripts as Record<string, unknown>).dev;
  if (existing !== undefined) return { kind: 'present', script: typeof existing === 'string' ? existing : JSON.stringify(existing) };
  record.scripts = { ...(scripts as Record<string, unknown>), dev: script };
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const json = JSON.stringify(record, null, indentOf(text)).replace(/\n/g, newline);
  return { kind: 'added', text: text.endsWith('\n') ? `${json}${newline}` : json };
}
