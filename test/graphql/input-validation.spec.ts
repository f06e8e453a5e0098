import 'reflect-metadata';
import fc from 'fast-check';
import { GraphQLError } from 'graphql';
import { ArgumentMetadata } from '@nestjs/common';
import { ClaimFilterInput } from '../../src/claims/api/claim-list.types';
import { AddCitationInput, AssignReviewersInput, SubmitClaimInput } from '../../src/claims/api/claim.inputs';
import { inputValidationPipe, normaliseInput } from '../../src/graphql/input-validation';
import { hasVisibleCharacter, isActorId, textProblem } from '../../src/shared/text';

/** The pipe as Nest runs it on a resolver's `@Args()` (which pipes are told is "body"). */
const pipe = inputValidationPipe();
async function validate<T>(metatype: new () => T, value: object): Promise<{ ok: T } | { error: GraphQLError }> {
  try {
    return { ok: (await pipe.transform(value, { type: 'body', metatype } as ArgumentMetadata)) as T };
  } catch (error) {
    if (error instanceof GraphQLError) return { error };
    throw error;
  }
}
const fieldsOf = (error: GraphQLError) => [...new Set((error.extensions.fields as { path: (string | number)[] }[]).map((f) => f.path.join('.')))];

const STATUSES = ['DRAFT', 'IN_REVIEW', 'PUBLISHED', 'REJECTED', 'RETRACTED'] as const;
const submit = { statement: 'The minister said so.', claimant: { name: 'A. Minister', kind: 'PERSON' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] };
const anyText = fc.string({ unit: 'binary', maxLength: 30 });

describe('the input pipe', () => {
  it('a status filter: longer than the number of statuses is refused naming the field and the maximum; otherwise de-duplicated in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...STATUSES), { maxLength: 40 }), async (status) => {
        const result = await validate(ClaimFilterInput, { status });
        if (status.length > 5) {
          expect('error' in result && result.error.extensions.code).toBe('BAD_USER_INPUT');
          expect('error' in result && result.error.message).toContain(`status may have at most 5 entries (it has ${status.length})`);
        } else {
          expect('ok' in result && result.ok.status).toEqual([...new Set(status)]);
        }
      }),
    );
  });

  it('an oversize list is refused with one problem, however many of its entries are bad', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 21, max: 3000 }), async (n) => {
        const result = await validate(AssignReviewersInput, { claimId: 'c-1', reviewers: Array.from({ length: n }, () => ({ id: ' bad\u0000' })) });
        expect('error' in result && fieldsOf(result.error)).toEqual(['reviewers']);
      }),
      { numRuns: 20 },
    );
  });

  it('a statement is accepted exactly when, in NFC, it has a visible character, no forbidden control and fits; and it arrives in NFC', async () => {
    await fc.assert(
      fc.asyncProperty(anyText, async (statement) => {
        const nfc = statement.normalize('NFC');
        const result = await validate(SubmitClaimInput, { ...submit, statement });
        const acceptable = hasVisibleCharacter(nfc) && textProblem(nfc, 'text') === null;
        expect('ok' in result).toBe(acceptable);
        if ('ok' in result) expect(result.ok.statement).toBe(nfc);
        else expect(fieldsOf(result.error)).toEqual(['statement']);
      }),
    );
  });

  it('a person\'s id (reviewers, filters) is accepted exactly when it follows the actor-id rule', async () => {
    const ids = fc.oneof(anyText, fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@:|+-]{0,20}$/));
    await fc.assert(
      fc.asyncProperty(ids, async (id) => {
        const filter = await validate(ClaimFilterInput, { assigneeId: id });
        expect('ok' in filter).toBe(isActorId(id.normalize('NFC')));
        const assign = await validate(AssignReviewersInput, { claimId: 'c-1', reviewers: [{ id }] });
        expect('ok' in assign).toBe(isActorId(id.normalize('NFC')));
      }),
    );
  });

  it('a citation URL with any user name or password is refused', async () => {
    const userinfo = fc.stringMatching(/^[A-Za-z0-9._~-]{1,10}(:[A-Za-z0-9._~-]{0,10})?$/);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('http', 'https'), userinfo, fc.domain(), async (scheme, user, host) => {
        const result = await validate(AddCitationInput, { claimId: 'c-1', url: `${scheme}://${user}@${host}/a`, title: 'T', publisher: 'P', excerpt: 'E', stance: 'SUPPORTS' });
        expect('error' in result && fieldsOf(result.error)).toEqual(['url']);
      }),
    );
  });

  it('normaliseInput makes every text of any input NFC and keeps its shape', () => {
    const input = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, anyText, fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(input, (value) => {
        const normalised = normaliseInput(value);
        const texts = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(texts) : v && typeof v === 'object' ? Object.values(v).flatMap(texts) : []);
        for (const text of texts(normalised)) expect(text).toBe(text.normalize('NFC'));
        expect(JSON.stringify(normalised)).toBe(JSON.stringify(value, (_key, v) => (typeof v === 'string' ? v.normalize('NFC') : v)));
      }),
    );
  });
});
