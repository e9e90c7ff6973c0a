/**
 * Splits a command string from `.systemfdrc` into argv the way a POSIX shell splits words:
 * whitespace separates, single quotes are literal, double quotes group and allow \" and \\,
 * a backslash outside quotes escapes the next character. No expansion, no operators: the
 * command is still run without a shell (so LISTEN_PID names it).
 */
import { SettingProblem } from './problem.js';

export function splitCommandLine(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = null;
      else word += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) word += text[++i];
      else word += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) throw new SettingProblem(`unterminated ${quote} quote in command: ${text}`);
  if (inWord) words.push(word);
  return words;
}
