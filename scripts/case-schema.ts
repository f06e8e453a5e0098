/**
 * The JSON Schemas of the case-file formats, generated from their TypeScript types
 * (src/case-file/case-file.types.ts, case-file.v2.types.ts) so the two cannot drift:
 * `npm run case:schema` writes schemas/factcheck-case-{1,2}.schema.json, and a test fails when the
 * committed ones differ from what the types give.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGenerator } from 'ts-json-schema-generator';

const ROOT = join(__dirname, '..');

export const CASE_SCHEMAS = [
  { file: 'schemas/factcheck-case-1.schema.json', source: 'src/case-file/case-file.types.ts', type: 'CaseFileV1', format: 'factcheck-case/1' },
  { file: 'schemas/factcheck-case-2.schema.json', source: 'src/case-file/case-file.v2.types.ts', type: 'CaseFileV2', format: 'factcheck-case/2' },
] as const;

/** The schema text for one format, as committed (stable key order, a trailing newline). */
export function caseSchemaText(schema: (typeof CASE_SCHEMAS)[number]): string {
  const generated = createGenerator({
    path: join(ROOT, schema.source),
    tsconfig: join(ROOT, 'tsconfig.json'),
    type: schema.type,
    expose: 'export',
    topRef: true,
    jsDoc: 'extended',
    additionalProperties: false,
    skipTypeCheck: true,
  }).createSchema(schema.type);
  const document = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `https://factcheck-desk.invalid/${schema.file}`,
    title: `Case file, format ${schema.format}`,
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  for (const schema of CASE_SCHEMAS) {
    writeFileSync(join(ROOT, schema.file), caseSchemaText(schema));
    process.stdout.write(`wrote ${schema.file}\n`);
  }
}
