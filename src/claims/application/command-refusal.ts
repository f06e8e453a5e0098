import { Refusal } from '../../shared/refusal';

/**
 * Refusals of the command path rather than of the desk's rules: the claim moved on since the client
 * saw it, a mutationId was reused for another act, the change was saved but the lists lag behind
 * (or have stopped following the log: READ_MODELS_STOPPED), or the claim's stored history fails
 * verification (INTEGRITY: nothing is written onto a broken chain). What the event store's own
 * state means for a claim is a StoreRefusal (store-refusal.ts).
 */
export type CommandRefusalCode = 'CONFLICT' | 'MUTATION_ID_REUSED' | 'READ_MODEL_LAGGING' | 'READ_MODELS_STOPPED' | 'INTEGRITY';

export class CommandRefusal extends Refusal<CommandRefusalCode> {
  override readonly name = 'CommandRefusal';
}
