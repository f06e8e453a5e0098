/** Waits until this instance's read models include `position` (or stops waiting after their limit): read-your-writes. */
export interface ReadModelsReach {
  reached(position: number): Promise<void>;
}
export const READ_MODELS_REACH = Symbol('READ_MODELS_REACH');
