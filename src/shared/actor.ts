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
