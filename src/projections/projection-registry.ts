import { Inject, Injectable, OnModuleInit, Provider } from '@nestjs/common';
import type { Projection } from './projection';

/**
 * The projections of this service, registered by the module that owns each read model (in
 * `onModuleInit`), read by the runner when it starts (in `onApplicationBootstrap`). No list of
 * features lives where the runner does.
 */
@Injectable()
export class ProjectionRegistry {
  private readonly projections: Projection[] = [];
  private sealed = false;

  register(...projections: readonly Projection[]): void {
    if (this.sealed) throw new Error(`Projections ${projections.map((p) => p.name).join(', ')} registered after the read models started`);
    for (const projection of projections) {
      if (this.projections.some((p) => p.name === projection.name)) throw new Error(`Projection ${projection.name} is registered twice`);
      this.projections.push(projection);
    }
  }

  /** Every registered projection; from then on the list is fixed (a generation is built by one set). */
  seal(): readonly Projection[] {
    this.sealed = true;
    return [...this.projections];
  }
}

/**
 * A provider a feature module lists to register its projections, e.g.
 * `providers: [registerProjections('claims', claimsProjections)]`.
 */
export function registerProjections(feature: string, projections: readonly Projection[]): Provider {
  @Injectable()
  class Registration implements OnModuleInit {
    constructor(@Inject(ProjectionRegistry) private readonly registry: ProjectionRegistry) {}
    onModuleInit(): void {
      this.registry.register(...projections);
    }
  }
  return { provide: `projections:${feature}`, useClass: Registration };
}
