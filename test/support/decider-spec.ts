import type { Actor } from '../../src/shared/actor';
import { ClaimEvent, foldClaim } from '../../src/claims/domain/claim';
import { ClaimCommand, DeskPolicy } from '../../src/claims/domain/commands';
import { decide } from '../../src/claims/domain/decide';
import { DeskError, DeskErrorCode } from '../../src/claims/domain/desk-error';
import { ratingScale } from '../../src/claims/domain/rating-scale';

export const NOW = new Date('2025-07-10T12:00:00.000Z');
export const DEFAULT_POLICY: DeskPolicy = { scale: ratingScale(), minReviewers: 2 };

/**
 * Given (events already in the claim's stream) / when (a command, by an actor) / then (the events
 * decided, or the refusal). Reads like the desk's rules: one rule, one spec.
 */
export function given(history: ClaimEvent[], policy: DeskPolicy = DEFAULT_POLICY, now: Date = NOW) {
  return {
    when(command: ClaimCommand, actor: Actor) {
      const run = () => decide(command, foldClaim(history), { actor, now, policy });
      return {
        then(expected: ClaimEvent[]): void {
          expect(run()).toEqual(expected);
        },
        thenRefused(code: DeskErrorCode, message?: RegExp): DeskError {
          let caught: unknown;
          try {
            run();
          } catch (error) {
            caught = error;
          }
          expect(caught).toBeInstanceOf(DeskError);
          const error = caught as DeskError;
          expect(error.code).toBe(code);
          if (message) expect(error.message).toMatch(message);
          return error;
        },
        /** For assertions on part of the outcome (e.g. the second of two events). */
        events(): ClaimEvent[] {
          return run();
        },
      };
    },
  };
}
