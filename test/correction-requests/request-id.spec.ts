import fc from 'fast-check';
import { requestIdForMutation } from '../../src/correction-requests/application/correction-requests.service';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('requestIdForMutation (a retry lands on the same request stream)', () => {
  it('is a UUID-shaped id, the same for the same mutationId', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 100 }), (mutationId) => {
        const id = requestIdForMutation(mutationId);
        expect(id).toMatch(UUID);
        expect(requestIdForMutation(mutationId)).toBe(id);
      }),
    );
  });

  it('differs for different mutationIds', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (a, b) => {
        fc.pre(a !== b);
        expect(requestIdForMutation(a)).not.toBe(requestIdForMutation(b));
      }),
    );
  });
});
