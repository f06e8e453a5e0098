import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { planCase } from '../../src/case-file/case-file.plan';
import { validateCaseFile } from '../../src/case-file/case-file.validate';
import { CASE_ACTS, CaseAct, CaseFileV2 } from '../../src/case-file/case-file.v2.types';
import { CASE_SCHEMAS, caseSchemaText } from '../../scripts/case-schema';
import { smallCase, smallCaseV2 } from '../support/small-case';

const ROOT = join(__dirname, '..', '..');
const NOW = new Date('2026-01-01T00:00:00Z');
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const schemaOf = (format: string) => {
  const schema = CASE_SCHEMAS.find((s) => s.format === format)!;
  return ajv.getSchema(schema.file) ?? (ajv.addSchema(JSON.parse(readFileSync(join(ROOT, schema.file), 'utf8')), schema.file), ajv.getSchema(schema.file)!);
};
const schemaAccepts = (file: { format: string }) => {
  const validate = schemaOf(file.format);
  return validate(file) ? [] : validate.errors!;
};

describe('the JSON Schemas of the case-file formats', () => {
  it.each(CASE_SCHEMAS.map((s) => [s.file, s] as const))('%s is what the TypeScript types give (run `npm run case:schema` after changing them)', (file, schema) => {
    expect(readFileSync(join(ROOT, file), 'utf8')).toBe(caseSchemaText(schema));
  }, 120_000);

  it('accepts every case file in case-files/ and the test fixtures', () => {
    const files = [
      ...readdirSync(join(ROOT, 'case-files')).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(ROOT, 'case-files', f), 'utf8'))),
      ...readdirSync(join(__dirname, 'fixtures')).filter((f) => /^(?!v1-steps).*\.json$/.test(f)).map((f) => JSON.parse(readFileSync(join(__dirname, 'fixtures', f), 'utf8'))),
      smallCase(),
      smallCaseV2(),
    ];
    expect(files.map((f) => f.format).sort()).toEqual(['factcheck-case/1', 'factcheck-case/1', 'factcheck-case/2', 'factcheck-case/2']);
    for (const file of files) expect(schemaAccepts(file)).toEqual([]);
  });

  it('accepts the README\'s example, as the validator does', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const example = JSON.parse(/### The format\n[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)![1]);
    expect(validateCaseFile(example, undefined, NOW)).toMatchObject({ ok: true });
    expect(schemaAccepts(example)).toEqual([]);
  });

  it('refuses what the format does not have, as the validator does', () => {
    const file = smallCaseV2() as unknown as Record<string, any>;
    file.claims[0].acts[8].stars = 5;
    file.claims[0].acts[9].act = 'like';
    expect(schemaAccepts(file as never).length).toBeGreaterThan(0);
    expect(schemaAccepts({ ...smallCaseV2(), id: 'not-a-uuid' } as never).map((e) => e.instancePath)).toContain('/id');
  });
});

/** Generated format 2 cases: mostly plausible desk work, sometimes not (the rules refuse those). */
const word = fc.stringMatching(/^[a-z][a-z-]{0,10}$/);
const text = fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z ,.'-]{0,40}$/), fc.constantFrom('Самолёт упал.', 'Bakı, Azərbaycan', 'أسقطت الطائرة', 'İlham Əliyev'));
const claimArb = fc.record({
  statement: text,
  claimant: fc.record({ name: text, kind: fc.constantFrom('PERSON', 'ORGANIZATION') }),
  language: fc.constantFrom('en', 'ru', 'az-Latn', 'ar'),
  topics: fc.uniqueArray(word, { maxLength: 3 }),
  citations: fc.array(fc.record({ stance: fc.constantFrom('SUPPORTS', 'REFUTES', 'CONTEXT'), excerpt: text, publisher: text }), { maxLength: 4 }),
  reviewers: fc.subarray(['rustam', 'nadia', 'omar']),
  ratings: fc.array(fc.constantFrom('TRUE', 'FALSE', 'MIXED', 'UNVERIFIABLE'), { minLength: 3, maxLength: 3 }),
  publish: fc.boolean(),
  after: fc.constantFrom('nothing', 'retract', 'correct', 'reject'),
  gaps: fc.array(fc.integer({ min: 0, max: 600 }), { minLength: 20, maxLength: 20 }),
});
const caseArb = fc.array(claimArb, { minLength: 1, maxLength: 3 }).map((claims): CaseFileV2 => ({
  ...smallCaseV2(),
  claims: claims.map((c, ci) => {
    let t = Date.parse('2025-07-01T00:00:00Z') + ci * 3_600_000;
    let g = 0;
    const at = () => new Date((t += (c.gaps[g++ % c.gaps.length] ?? 1) * 1000)).toISOString().replace('.000Z', 'Z');
    const acts: CaseAct[] = [{ act: 'submit', by: 'carla', at: at(), statement: c.statement, claimant: c.claimant as never, claimDate: '2025-06-30', language: c.language, topics: c.topics, appearances: [] }];
    c.citations.forEach((x, i) => acts.push({ act: 'cite', by: 'carla', at: at(), key: `c${i}`, url: `https://example.org/${ci}/${i}`, title: `Source ${i}`, publisher: x.publisher, excerpt: x.excerpt, stance: x.stance as never }));
    if (c.reviewers.length > 0) acts.push({ act: 'assign', by: 'elena', at: at(), reviewers: c.reviewers });
    if (c.citations.length > 0) c.reviewers.forEach((r, i) => acts.push({ act: 'verdict', by: r, at: at(), key: `${r}-v`, rating: c.ratings[i], rationale: 'Because.', citations: ['c0'] }));
    if (c.publish) acts.push({ act: 'publish', by: 'elena', at: at(), rating: c.ratings[0], summary: 'In short.', justification: 'The desk decided.' });
    if (c.after === 'retract') acts.push({ act: 'retract', by: 'elena', at: at(), note: 'Retracted.' });
    if (c.after === 'correct') acts.push({ act: 'correct', by: 'elena', at: at(), note: 'Corrected.', newSummary: 'In shorter.' });
    if (c.after === 'reject') acts.push({ act: 'reject', by: 'elena', at: at(), reason: 'Not checkable.' });
    return { key: `claim-${ci}`, acts };
  }),
}));

describe('the validator and the schema agree (property tests)', () => {
  it('any file the validator accepts passes the JSON Schema, and plans every act as a step', () => {
    let accepted = 0;
    fc.assert(
      fc.property(caseArb, (file) => {
        const result = validateCaseFile(file, undefined, NOW);
        if (!result.ok) return;
        accepted += 1;
        expect(schemaAccepts(file)).toEqual([]);
        const steps = [...planCase(file)];
        expect(steps.map((s) => s.path)).toEqual(file.claims.flatMap((c, i) => c.acts.map((_, j) => `claims[${i}].acts[${j}]`)));
      }),
      { numRuns: 150 },
    );
    expect(accepted).toBeGreaterThan(10); // the generator makes valid files often enough for the property to mean something
  });

  /** Values that break one field, whatever act it is in. */
  const BREAKERS: Record<string, unknown[]> = {
    by: ['nobody', 42, ''],
    at: ['2025-07-01', 'yesterday', '2025-07-01T25:00:00Z', null],
    statement: ['', '   ', 7],
    claimDate: ['2025-02-30', '30 June'],
    language: ['English', 'EN'],
    topics: ['raids', [''], ['a\u0000b']],
    key: ['Not A Key', ''],
    url: ['ftp://example.org/x', 'example.org', ''],
    title: ['', 'two\nlines'],
    excerpt: ['', 'x'.repeat(4001)],
    stance: ['MAYBE', 'supports'],
    reviewers: [[], ['nobody'], 'rustam'],
    rating: ['', 5],
    rationale: [''],
    citations: [[], ['nowhere'], 'c0'],
    summary: [''],
    note: [''],
    reason: [''],
  };

  it('a file with one field broken is refused, naming that field\'s place', () => {
    const base = smallCaseV2();
    const places = base.claims.flatMap((c, i) => c.acts.flatMap((a, j) => Object.keys(a).filter((f) => f in BREAKERS).map((f) => ({ i, j, f }))));
    fc.assert(
      fc.property(fc.constantFrom(...places), fc.nat(), ({ i, j, f }, n) => {
        const file = smallCaseV2();
        const bad = BREAKERS[f][n % BREAKERS[f].length];
        (file.claims[i].acts[j] as unknown as Record<string, unknown>)[f] = bad;
        const result = validateCaseFile(file, undefined, NOW);
        expect(result.ok).toBe(false);
        const path = `claims[${i}].acts[${j}].${f}`;
        const named = !result.ok && result.problems.some((p) => p.path === path || p.path.startsWith(`${path}[`));
        if (!named) throw new Error(`${path} = ${JSON.stringify(bad)}: refused as ${JSON.stringify(!result.ok && result.problems)}`);
      }),
      { numRuns: 300 },
    );
  });

  it('every act kind has a schema definition with the fields the validator allows', () => {
    const defs = JSON.parse(readFileSync(join(ROOT, 'schemas/factcheck-case-2.schema.json'), 'utf8')).definitions as Record<string, { properties: Record<string, { const?: string }>; required: string[] }>;
    for (const [kind, { required, optional }] of Object.entries(CASE_ACTS)) {
      const def = Object.values(defs).find((d) => d.properties?.act?.const === kind)!;
      expect(Object.keys(def.properties).sort()).toEqual(['act', 'at', 'by', ...required, ...optional].sort());
      expect([...def.required].sort()).toEqual(['act', 'at', 'by', ...required].sort());
    }
  });
});
