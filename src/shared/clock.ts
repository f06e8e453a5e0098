/** The time source, injected so the domain and tests never read the wall clock directly. */
export type Clock = () => Date;
export const CLOCK = Symbol('CLOCK');
export const systemClock: Clock = () => new Date();
