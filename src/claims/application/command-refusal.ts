import { Refusal } from '../../shared/refusal';

/**
 * Refusals of the command path rather than of the desk's rules: the claim moved on since the client
 * saw it, a mutationId was reused for another act, or the change was saved but the lists lag behind.
 */
export type CommandRefusalCode = 'CONFLICT' | 'MUTATION_ID_REUSED' | 'READ_MODEL_LAGGING';

export class CommandRefusal extends Refusal<CommandRefusalCode> {
  override readonly name = 'CommandRefusal';
}
