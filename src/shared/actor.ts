/** `importer`: may run case imports (POST /cases/import), acting as the file's people; no desk act of its own. */
export const ROLES = ['contributor', 'reviewer', 'editor', 'admin', 'importer'] as const;
export type Role = (typeof ROLES)[number];

/** The person (or system) behind a request, as established by a verified token. */
export interface Actor {
  id: string;
  name: string;
  roles: Role[];
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The roles of the desk's own people: who may see drafts, the desk's text and the audit trail. `importer` is not one. */
export const DESK_ROLES: readonly Role[] = ['contributor', 'reviewer', 'editor', 'admin'];

/** Whether the actor works at the desk (holds a desk role), rather than being anonymous, roleless or only an importer. */
export function isDeskMember(actor: Actor | null | undefined): actor is Actor {
  return !!actor && actor.roles.some((role) => DESK_ROLES.includes(role));
}
