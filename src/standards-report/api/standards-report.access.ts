import { hasRole } from '../../claims/domain/rules';
import { DeskError } from '../../claims/domain/desk-error';
import type { Actor } from '../../shared/actor';

/** The standards report is the editors' (and admins'): it names reviewers and editors across the desk. */
export function requireEditor(actor: Actor): void {
  if (!hasRole(actor, 'editor')) throw new DeskError('FORBIDDEN', 'Only editors and admins may read the standards report');
}
