import { tooDeep } from '../shared/json-depth';
import { DeskPolicy } from '../claims/domain/commands';
import { RatingScale } from '../claims/domain/rating-scale';
import { CaseFileEncodingError, decodeCaseFile } from './case-file.decode';
import { CaseFileProblem, CaseFileValidation, validateCaseFile } from './case-file.validate';
import { duplicateKeys } from '../shared/json-duplicate-keys';

export { duplicateKeys };

/** Far deeper than any case file nests (a claim's acts' fields are six levels down). */
export const MAX_CASE_FILE_DEPTH = 32;

/** What reading a case file's bytes or text gave: its JSON value, or the problems and the stage that found them. */
export type ParsedCaseFile = { ok: true; value: unknown } | { ok: false; stage: 'encoding' | 'json'; problems: CaseFileProblem[] };

/**
 * Reads a case file up to its JSON value: its bytes as read from disk (decoded strictly as UTF-8,
 * see case-file.decode.ts; a file in another encoding is refused with how to convert it) or its
 * text; a JSON syntax error with its line and column; a key given twice in one object likewise.
 */
export function parseCaseFile(input: string | Uint8Array, name?: string): ParsedCaseFile {
  let text: string;
  if (typeof input === 'string') text = input.replace(/^\uFEFF/, '').normalize('NFC');
  else {
    try {
      text = decodeCaseFile(input, name);
    } catch (error) {
      if (!(error instanceof CaseFileEncodingError)) throw error;
      const where = error.at ? `line ${error.at.line}, column ${error.at.column}` : '(file)';
      return { ok: false, stage: 'encoding', problems: [{ path: where, message: error.message }] };
    }
  }
  // A case file nests a few levels deep; a hostile one thousands, which recursive readers cannot take.
  const deep = tooDeep(text, MAX_CASE_FILE_DEPTH);
  if (deep) {
    return { ok: false, stage: 'json', problems: [{ path: `line ${deep.line}, column ${deep.column}`, message: `the JSON nests deeper than ${MAX_CASE_FILE_DEPTH} levels here; no case file does: is this the right file?` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const offset = errorOffset(text, message);
    const where = offset === undefined ? '(file)' : lineAndColumn(text, offset);
    return { ok: false, stage: 'json', problems: [{ path: where, message: `not valid JSON: ${message}` }] };
  }
  const duplicates = duplicateKeys(text);
  if (duplicates.length > 0) return { ok: false, stage: 'json', problems: duplicates };
  return { ok: true, value };
}

/** Parses (`parseCaseFile`) and validates (`validateCaseFile`) a case file. */
export function loadCaseFile(input: string | Uint8Array, scale: RatingScale, minReviewers: number, now = new Date(), name?: string): CaseFileValidation {
  const parsed = parseCaseFile(input, name);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const policy: DeskPolicy = { scale, minReviewers };
  return validateCaseFile(parsed.value, policy, now);
}

/** Where JSON.parse stopped: Node names a position, or quotes the text around an unexpected token. */
function errorOffset(text: string, message: string): number | undefined {
  const position = /position (\d+)/.exec(message);
  if (position) return Number(position[1]);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const token = /Unexpected token '(.)', (?:\.\.\.)?"([\s\S]*?)"(?:\.\.\.)? is not valid JSON/.exec(message);
  if (!token) return undefined;
  const around = text.indexOf(token[2]);
  return around < 0 ? undefined : around + token[2].indexOf(token[1]);
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}
