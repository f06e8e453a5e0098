import { Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

/** A graphql-ws client over a real WebSocket, collecting what a subscription pushes. */
export class WsSubscriber {
  readonly client: Client;
  private closedWith?: { code: number; reason: string };

  /** `connectionParams` replaces the init payload made from the token; `headers` go on the upgrade request. */
  constructor(httpUrl: string, token?: string, options: { connectionParams?: Record<string, unknown>; headers?: Record<string, string> } = {}) {
    const headers = options.headers;
    this.client = createClient({
      url: `${httpUrl.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: headers
        ? class extends WebSocket {
            constructor(url: string, protocols?: string | string[]) {
              super(url, protocols, { headers });
            }
          }
        : WebSocket,
      connectionParams: options.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => undefined, // the close is recorded by on.closed; tests assert on it
      on: { closed: (event) => (this.closedWith = event as { code: number; reason: string }) },
    });
  }

  get closeEvent() {
    return this.closedWith;
  }

  subscribe<T>(query: string, variables: Record<string, unknown> = {}) {
    const received: T[] = [];
    const errors: unknown[] = [];
    const unsubscribe = this.client.subscribe<T>(
      { query, variables },
      {
        next: (value) => (value.errors ? errors.push(value.errors) : received.push(value.data as T)),
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    return { received, errors, unsubscribe };
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
