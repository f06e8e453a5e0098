import { Module } from '@nestjs/common';
import { AuditModule } from '../../audit/audit.module';
import { ClaimsModule } from '../../claims/claims.module';
import { CorrectionRequestsModule } from '../../correction-requests/correction-requests.module';
import { NotesModule } from '../../notes/notes.module';
import { NodeResolver } from './node.resolver';

/** Relay's node(id:) and nodes(ids:) over every feature's objects, each read with that feature's visibility. */
@Module({
  imports: [ClaimsModule, NotesModule, CorrectionRequestsModule, AuditModule],
  providers: [NodeResolver],
})
export class NodeModule {}
