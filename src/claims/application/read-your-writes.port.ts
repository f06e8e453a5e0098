/**
 * What the command path needs of the read side: to wait until the read models include a position, so
 * the client's next query sees its own change. 'lagging': they did not get there in time; 'stopped':
 * they no longer follow the log (an operator must fix or rebuild them), so waiting would be in vain.
 */
export type ReadModelsReach = 'reached' | 'lagging' | 'stopped';

export interface ReadYourWrites {
  reached(position: number): Promise<ReadModelsReach>;
}

export const READ_YOUR_WRITES = Symbol('READ_YOUR_WRITES');
