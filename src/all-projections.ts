import type { Projection } from './projections/projection';
import { claimProjections } from './claims/read-model/claims.projection';
import { notesProjections } from './notes/read-model/notes.projection';
import { auditProjections } from './audit/activity/activity.projection';
import { correctionRequestProjections } from './correction-requests/read-model/correction-requests.projection';
import { standardsReportProjections } from './standards-report/read-model/standards-report.projection';
import { publicRecordProjections } from './public-site/read-model/public-record.projection';

/**
 * Every projection the service registers (each feature module registers its own), in one list for what
 * builds read models outside the service: the offline rebuild and the bench. A test compares it with the
 * running app's registry, so a new read model cannot be left out of a rebuild.
 */
export function allProjections(): Projection[] {
  return [...claimProjections, ...notesProjections, ...auditProjections, ...correctionRequestProjections, ...standardsReportProjections, ...publicRecordProjections];
}
