/**
 * What the command path needs of the read side: to wait until the read models include a position, so
 * the client's next query sees its own change. Resolves false when they did not get there in time.
 */
export interface ReadYourWrites {
  reached(position: number): Promise<boolean>;
}

export const READ_YOUR_WRITES = Symbol('READ_YOUR_WRITES');
