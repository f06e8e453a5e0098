/**
 * Keys given twice in one JSON object. JSON.parse keeps the last one without a word; the case-file
 * loader and the external fact-check import refuse them instead, each with its line and column.
 * Plain TypeScript (shared helpers use no npm package) and iterative: a deeply nested text cannot
 * overflow the stack here.
 */

/** A key given twice: where (`line L, column C`) and what, with the object's path. */
export interface JsonKeyProblem {
  path: string;
  message: string;
}

type Frame = { kind: 'object'; keys: Map<string, string>; key: string | null; expectKey: boolean } | { kind: 'array'; index: number };

/**
 * The keys given twice in `text`, which must be JSON (run it after JSON.parse accepted the text). Lines
 * and columns count from 1, columns in UTF-16 code units; the path is the validator's (`claims[2].acts[4].by`).
 */
export function duplicateKeys(text: string): JsonKeyProblem[] {
  const problems: JsonKeyProblem[] = [];
  const stack: Frame[] = [];
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      line++;
      lineStart = i + 1;
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (top?.kind !== 'object' || !top.expectKey) continue;
      const key = JSON.parse(text.slice(start, i + 1)) as string;
      const where = `line ${line + 1}, column ${start - lineStart + 1}`;
      const first = top.keys.get(key);
      if (first !== undefined) {
        const path = jsonPath([...pathOf(stack.slice(0, -1)), key]);
        problems.push({ path: where, message: `the key ${JSON.stringify(key)} is given twice in one object (${path}; first at ${first}): JSON keeps only one of them, so remove or rename the other` });
      } else top.keys.set(key, where);
      top.key = key;
      top.expectKey = false;
    } else if (c === '{') stack.push({ kind: 'object', keys: new Map(), key: null, expectKey: true });
    else if (c === '[') stack.push({ kind: 'array', index: 0 });
    else if (c === '}' || c === ']') stack.pop();
    else if (c === ',') {
      if (top?.kind === 'object') top.expectKey = true;
      else if (top?.kind === 'array') top.index++;
    }
  }
  return problems;
}

/** The path to the innermost frame's current member: each object's current key, each array's index. */
function pathOf(frames: Frame[]): (string | number)[] {
  return frames.map((f) => (f.kind === 'array' ? f.index : (f.key ?? '')));
}

/** A JSON path as the validator writes its places: `claims[2].acts[4].rating`. */
function jsonPath(segments: (string | number)[]): string {
  return segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}
