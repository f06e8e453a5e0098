/**
 * How deeply a JSON text nests, found without recursion (a scan of brackets outside strings), so that
 * a hostile document is refused before any recursive reader (a parser's visitor, canonical JSON) runs
 * out of stack on it. Answers the place where the text first goes deeper than `max`, or undefined.
 */
export function tooDeep(text: string, max: number): { depth: number; offset: number; line: number; column: number } | undefined {
  let depth = 0;
  let inString = false;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line += 1;
      lineStart = i + 1;
      continue;
    }
    if (inString) {
      if (c === 0x5c) i += 1; // a backslash escapes the next character, a quote included
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return { depth, offset: i, line, column: i - lineStart + 1 };
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return undefined;
}
