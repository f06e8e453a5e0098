import { Inject } from '@nestjs/common';
import { Args, Context, ID, Query, Resolver } from '@nestjs/graphql';
import { AuditTrailService, Snapshot } from '../../audit/audit-trail.service';
import { citationVersion, claimVersion, parseVersionId, verdictVersion } from '../../audit/versions';
import { citationsFor, verdictView, visibleTo } from '../../claims/api/claim-view';
import { DESK_POLICY } from '../../claims/application/desk-policy';
import type { DeskPolicy } from '../../claims/domain/commands';
import { ClaimsReadModel } from '../../claims/read-model/claims.read-model';
import { CorrectionRequestsReadModel } from '../../correction-requests/read-model/correction-requests.read-model';
import { toNote } from '../../notes/api/notes.resolver';
import { mayUseNotes } from '../../notes/domain/decide-notes';
import { NotesReadModel } from '../../notes/read-model/notes.read-model';
import { isDeskMember, type Actor } from '../../shared/actor';
import { ID_MAX_LENGTH } from '../../shared/input-rules';
import { InvalidArgument, Refusal } from '../../shared/refusal';
import type { RequestContext } from '../request-context';
import { Node, Tagged, tagged } from './node.interface';

/** A live id (letters, digits, "-", "_"), optionally "@<revision>" for a version from the history. */
const NODE_ID = /^[A-Za-z0-9_-]+(@(0|[1-9][0-9]{0,8}))?$/;
const NODE_ID_MAX_LENGTH = ID_MAX_LENGTH + 10;
export const MAX_NODES = 100;

function checkNodeId(id: string, field: string): void {
  if (id.length > NODE_ID_MAX_LENGTH || !NODE_ID.test(id)) {
    throw new InvalidArgument(
      `${field} must be an id this service gave out: letters, digits, "-" and "_" (at most ${ID_MAX_LENGTH}), optionally followed by "@" and a revision`,
      { field },
    );
  }
}

const isEditor = (actor: Actor | null) => !!actor && actor.roles.some((role) => role === 'editor' || role === 'admin');

/**
 * Relay's object refetching. Every object answers with exactly the visibility of the query that
 * shows it (claim(id), claimNotes, correctionRequest, claimAtRevision): what a caller may not see is
 * null, the same as an id that names nothing, so node(id:) reveals no more than those queries do.
 */
@Resolver()
export class NodeResolver {
  constructor(
    private readonly claims: ClaimsReadModel,
    private readonly notes: NotesReadModel,
    private readonly requests: CorrectionRequestsReadModel,
    private readonly audit: AuditTrailService,
    @Inject(DESK_POLICY) private readonly policy: DeskPolicy,
  ) {}

  @Query(() => Node, {
    nullable: true,
    description:
      'The object with this global id (a claim, citation, verdict, note, correction request, or a version of a claim, citation or verdict: <id>@<revision>); null when there is none or you may not see it.',
  })
  node(@Args('id', { type: () => ID, description: 'A global id, as the object\'s id field gives it.' }) id: string, @Context() ctx: RequestContext): Promise<Tagged<object> | null> {
    checkNodeId(id, 'id');
    return this.find(id, ctx.actor, new Map());
  }

  @Query(() => [Node], { nullable: 'items', description: `The objects with these global ids, in the same order (null for each one there is none of, or you may not see); at most ${MAX_NODES}.` })
  async nodes(@Args('ids', { type: () => [ID], description: `Global ids, at most ${MAX_NODES}.` }) ids: string[], @Context() ctx: RequestContext): Promise<(Tagged<object> | null)[]> {
    if (ids.length > MAX_NODES) throw new InvalidArgument(`ids may hold at most ${MAX_NODES} ids`, { field: 'ids' });
    ids.forEach((id, index) => checkNodeId(id, `ids[${index}]`));
    // Versions of one claim at one revision are folded once per call, however many of its parts are asked for.
    const folded = new Map<string, Promise<Snapshot | null>>();
    const found: (Tagged<object> | null)[] = [];
    for (const id of ids) found.push(await this.find(id, ctx.actor, folded));
    return found;
  }

  private async find(id: string, actor: Actor | null, folded: Map<string, Promise<Snapshot | null>>): Promise<Tagged<object> | null> {
    const version = parseVersionId(id);
    return version ? this.version(version.id, version.revision, actor, folded) : this.live(id, actor);
  }

  private live(id: string, actor: Actor | null): Tagged<object> | null {
    const visible = visibleTo(actor);
    const claim = this.claims.get(id, visible);
    if (claim) return tagged('Claim', claim);
    const owner = this.claims.partOwner(id);
    if (owner) {
      const of = this.claims.get(owner.claimId, visible);
      if (!of) return null;
      if (owner.kind === 'CITATION') {
        const citation = citationsFor(of, visible === undefined).find((c) => c.id === id);
        return citation ? tagged('Citation', { ...citation }) : null;
      }
      const verdict = of.verdicts.find((v) => v.id === id);
      return verdict ? tagged('Verdict', verdictView(of, verdict)) : null;
    }
    const noteClaim = this.notes.claimOf(id);
    if (noteClaim !== null) {
      if (!mayUseNotes(actor)) return null;
      const note = this.notes.notes(noteClaim).find((n) => n.noteId === id);
      return note ? tagged('InternalNote', toNote(note)) : null;
    }
    if (!isEditor(actor)) return null;
    const request = this.requests.get(id);
    return request ? tagged('CorrectionRequestNode', { ...request }) : null;
  }

  /** A version from the history: for the desk's people only, as claimAtRevision is. */
  private async version(id: string, revision: number, actor: Actor | null, folded: Map<string, Promise<Snapshot | null>>): Promise<Tagged<object> | null> {
    if (!isDeskMember(actor)) return null;
    const claimId = this.claims.get(id) ? id : this.claims.partOwner(id)?.claimId;
    if (!claimId) return null;
    const key = `${claimId}@${revision}`;
    let pending = folded.get(key);
    if (!pending) {
      pending = this.audit.atRevision(claimId, revision).catch((error: unknown) => {
        // No such revision (yet): the id names nothing, as an unknown one does.
        if (error instanceof Refusal && error.code === 'BAD_USER_INPUT') return null;
        throw error;
      });
      folded.set(key, pending);
    }
    const snapshot = await pending;
    if (!snapshot || !snapshot.existed || snapshot.revision !== revision) return null;
    const state = snapshot.claim;
    if (claimId === id) return tagged('ClaimVersion', claimVersion(state, revision, this.policy.scale, snapshot.recordedAt));
    const citation = state.citations.find((c) => c.id === id);
    if (citation) return tagged('CitationVersion', citationVersion(citation, revision));
    const verdict = state.verdicts.find((v) => v.id === id);
    return verdict ? tagged('VerdictVersion', verdictVersion(state, verdict, revision)) : null;
  }
}
