import fc from 'fast-check';
import { parse, OperationDefinitionNode, FragmentDefinitionNode, Kind } from 'graphql';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { BoundedThrottlerStorage } from '../../src/rate-limit/bounded-storage';
import { AUDIT_FIELDS, operationCost } from '../../src/rate-limit/operation-cost';

describe('the limiter\'s storage (bounded, fixed window)', () => {
  it('never remembers more than its capacity, whatever keys clients invent', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.array(fc.string({ maxLength: 30 }), { maxLength: 500 }), (capacity, keys) => {
        const storage = new BoundedThrottlerStorage(capacity);
        for (const key of keys) {
          storage.charge(key, 1, 10, 60_000);
          expect(storage.size).toBeLessThanOrEqual(capacity);
        }
      }),
    );
  });

  it('never lets a key spend more than its limit in one window, and a new window starts afresh', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.array(fc.integer({ min: 1, max: 30 }), { maxLength: 200 }), (limit, costs) => {
        let now = 0;
        const storage = new BoundedThrottlerStorage(10, () => now);
        let spent = 0;
        for (const cost of costs) {
          const charge = storage.charge('k', cost, limit, 1000);
          expect(charge.allowed).toBe(spent + cost <= limit);
          if (charge.allowed) spent += cost;
          expect(charge.spent).toBe(spent);
          expect(charge.retryAfterSeconds).toBe(1);
        }
        now = 1000; // the window is over
        expect(storage.charge('k', Math.min(limit, 1), limit, 1000)).toMatchObject({ allowed: true, spent: Math.min(limit, 1) });
      }),
    );
  });

  it('forgets the least recently charged key first', () => {
    const storage = new BoundedThrottlerStorage(2);
    storage.charge('a', 5, 5, 60_000);
    storage.charge('b', 1, 5, 60_000);
    storage.charge('a', 0, 5, 60_000); // a is used again
    storage.charge('c', 1, 5, 60_000); // b goes
    expect(storage.charge('a', 1, 5, 60_000).allowed).toBe(false); // a kept its spent budget
    expect(storage.charge('b', 5, 5, 60_000).allowed).toBe(true); // b starts afresh
  });
});

describe('the cost of an operation', () => {
  const rules = { searchCost: 10, auditCost: 7 };
  const cost = (query: string, variables: Record<string, unknown> = {}) => {
    const document = parse(query);
    const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const fragments = Object.fromEntries(
      document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((f) => [f.name.value, f]),
    );
    return operationCost(operation, fragments, variables, rules);
  };

  const rootField = fc.oneof(
    fc.constant({ text: 'claims(filter: { search: "x" }) { totalCount }', cost: 10 }),
    fc.constant({ text: 'claims(filter: { status: [DRAFT] }) { totalCount }', cost: 1 }),
    fc.constant({ text: 'claims(filter: $f) { totalCount }', cost: 10 }),
    fc.constant({ text: 'whoami { id }', cost: 1 }),
    fc.constant({ text: '__typename', cost: 1 }),
    ...[...AUDIT_FIELDS].map((name) => fc.constant({ text: `${name}(claimId: "c") { ok }`, cost: 7 })),
  );
  const wrapping = fc.constantFrom('plain', 'inline', 'spread');

  it('is the sum over the root fields, however they are wrapped in fragments', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(rootField, wrapping), { minLength: 1, maxLength: 40 }), (fields) => {
        const fragments: string[] = [];
        const selections = fields.map(([field, wrap], i) => {
          const aliased = `f${i}: ${field.text}`;
          if (wrap === 'inline') return `... on Query { ${aliased} }`;
          if (wrap === 'spread') {
            fragments.push(`fragment F${i} on Query { ${aliased} }`);
            return `...F${i} ...F${i}`; // spread twice: counted once, as executed once
          }
          return aliased;
        });
        const query = `query($f: ClaimFilterInput) { ${selections.join(' ')} } ${fragments.join(' ')}`;
        expect(cost(query, { f: { search: 'dead' } })).toBe(fields.reduce((sum, [field]) => sum + field.cost, 0));
      }),
    );
  });

  it('counts a search only when there is one, by literal or by variable', () => {
    expect(cost('query($f: ClaimFilterInput) { claims(filter: $f) { totalCount } }', { f: { search: '  ' } })).toBe(1);
    expect(cost('query($f: ClaimFilterInput) { claims(filter: $f) { totalCount } }', {})).toBe(1);
    expect(cost('query($s: String) { claims(filter: { search: $s }) { totalCount } }', { s: 'dead' })).toBe(10);
    expect(cost('{ claims(filter: { search: null }) { totalCount } }')).toBe(1);
    expect(cost('{ a: __typename a: __typename }')).toBe(1);
  });
});

describe('rate-limit settings', () => {
  it('have defaults a newsroom lives with', () => {
    expect(loadConfig({})).toMatchObject({
      RATE_LIMIT_WINDOW_SECONDS: 60,
      RATE_LIMIT_ACTOR_POINTS: 1200,
      RATE_LIMIT_ADDRESS_POINTS: 6000,
      RATE_LIMIT_SEARCH_COST: 10,
      RATE_LIMIT_AUDIT_COST: 10,
      RATE_LIMIT_TRACKED_CLIENTS: 100_000,
      WS_MAX_CONNECTIONS_PER_ADDRESS: 50,
      WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: 20,
    });
  });

  it.each([
    ['RATE_LIMIT_WINDOW_SECONDS', '0'],
    ['RATE_LIMIT_ACTOR_POINTS', 'lots'],
    ['RATE_LIMIT_ADDRESS_POINTS', '-5'],
    ['RATE_LIMIT_SEARCH_COST', '1.5'],
    ['RATE_LIMIT_AUDIT_COST', '0'],
    ['RATE_LIMIT_TRACKED_CLIENTS', '10'],
    ['WS_MAX_CONNECTIONS_PER_ADDRESS', '0'],
    ['WS_MAX_SUBSCRIPTIONS_PER_CONNECTION', 'x'],
  ])('a bad %s (%s) stops the start with a message naming it', (key, value) => {
    expect(() => loadConfig({ [key]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [key]: value })).toThrow(new RegExp(key));
  });
});
