import { Refusal } from '../shared/refusal';
import type { RequestContext } from './request-context';
import { isDeskMember, type Actor } from '../shared/actor';

/** The verified caller, or UNAUTHENTICATED for resolvers that need one. */
export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new Refusal('UNAUTHENTICATED', 'Sign in: this needs a bearer token (see `npm run token`)');
  return ctx.actor;
}

/** The verified caller, who must also hold a role at the desk (drafts and audit data are for the desk's people). */
export function requireMember(ctx: RequestContext): Actor {
  const actor = requireActor(ctx);
  if (!isDeskMember(actor)) throw new Refusal('FORBIDDEN', 'This is for the desk\'s people: your token carries no desk role here (contributor, reviewer, editor or admin)');
  return actor;
}
