import type { FactCheckFacts } from '../domain/commands';

/**
 * What this feature reads of the claims feature: a claim's status and its corrections. Provided by
 * the module from the claims read model (the application may not import another feature's layers).
 */
export interface FactChecks {
  facts(claimId: string): FactCheckFacts | null;
}
export const FACT_CHECKS = Symbol('FACT_CHECKS');
