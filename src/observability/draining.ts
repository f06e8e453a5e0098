import type { NextFunction, Request, Response } from 'express';

/**
 * Shutdown without resets: once draining, any request that arrives (also on a kept-alive
 * connection) is answered 503 with `Connection: close` and `Retry-After`, so the client goes to
 * another instance; requests already in flight finish (with `Connection: close`, so the client does
 * not send another on a socket about to close), and `settled()` says when they have.
 */
export class Draining {
  private draining = false;
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private readonly responses = new Set<Response>();

  get isDraining(): boolean {
    return this.draining;
  }

  readonly middleware = (_req: Request, res: Response, next: NextFunction): void => {
    if (this.draining) {
      res.setHeader('Connection', 'close');
      res.setHeader('Retry-After', '5');
      res.status(503).json({ status: 'draining', message: 'The service is shutting down; retry on another instance' });
      return;
    }
    this.inFlight += 1;
    this.responses.add(res);
    let done = false;
    const finished = () => {
      if (done) return;
      done = true;
      this.inFlight -= 1;
      this.responses.delete(res);
      if (this.inFlight === 0) this.waiters.splice(0).forEach((wake) => wake());
    };
    res.on('finish', finished);
    res.on('close', finished);
    next();
  };

  /** From now on every request gets 503; those in flight that have not answered yet will answer with Connection: close. */
  start(): void {
    this.draining = true;
    for (const res of this.responses) if (!res.headersSent) res.setHeader('Connection', 'close');
  }

  /** Resolves when no request is in flight, or after timeoutMs (true if they all finished). */
  settled(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
