/**
 * How deep a JSON text nests, without parsing it. Settings need three levels at most; a file
 * nested thousands deep (generated, or hostile) would exhaust the stack in any recursive walk
 * over it, so such a file is refused before anything walks it.
 */

export const MAX_NESTING = 64;

/** The offset of the first bracket that opens level `limit + 1`, or -1 when none does. */
export function tooDeepAt(text: string, limit = MAX_NESTING): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return i;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return -1;
}
