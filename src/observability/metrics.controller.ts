import { Controller, Get, Header } from '@nestjs/common';
import { ReadModelsService } from '../projections/read-models.service';
import { MetricsService } from './metrics.service';

@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    private readonly readModels: ReadModelsService,
  ) {}

  @Get()
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    await this.readModels.refreshGauges();
    return this.metrics.registry.metrics();
  }
}
