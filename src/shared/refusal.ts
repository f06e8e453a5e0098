/**
 * A request the service declines: an answer with a stable code that clients switch on, not a fault
 * of the service. Each layer has its own codes (the desk's rules in the domain, concurrency in the
 * command path, sign-in and malformed arguments at the edges); the API hands them all out alike.
 */
export class Refusal<Code extends string = string> extends Error {
  override readonly name: string = 'Refusal';
  constructor(
    readonly code: Code,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** An argument of a query or command that is malformed: a page size out of range, a forged cursor. */
export class InvalidArgument extends Refusal<'BAD_USER_INPUT'> {
  override readonly name = 'InvalidArgument';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, details);
  }
}
