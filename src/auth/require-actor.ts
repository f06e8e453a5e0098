import { DeskError } from '../fact-check/domain/desk-error';
import type { RequestContext } from '../graphql/request-context';
import type { Actor } from './actor';

/** The verified caller, or UNAUTHENTICATED for resolvers that need one. */
export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new DeskError('UNAUTHENTICATED', 'Sign in: this needs a bearer token (see `npm run token`)');
  return ctx.actor;
}
