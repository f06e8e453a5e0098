import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { CLOCK, systemClock } from '../shared/clock';
import { CaseImportController } from './case-import.controller';
import { CaseImportService } from './case-import.service';

/** POST /cases/import: a newsroom's case file imported by the service as one unit. */
@Module({
  imports: [ClaimsModule],
  providers: [{ provide: CLOCK, useValue: systemClock }, CaseImportService],
  controllers: [CaseImportController],
})
export class CaseImportModule {}
