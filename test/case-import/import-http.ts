import { EVENT_STORE, EventStore, RecordedEvent } from '../../src/event-store/event-store.port';
import type { TestApp } from '../support/test-app';

export interface ImportHttpAnswer {
  status: number;
  // The endpoint's JSON answer (ImportResult or { ok: false, problems }), read loosely by the tests.
  body: Record<string, any>;
}

/** POST /cases/import as any client would send it. */
export async function postImport(url: string, body: unknown, options: { token?: string; dryRun?: boolean; raw?: string | Buffer; accept?: string } = {}): Promise<ImportHttpAnswer & { text: string }> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.accept) headers.accept = options.accept;
  const response = await fetch(`${url}/cases/import${options.dryRun ? '?dryRun=true' : ''}`, { method: 'POST', headers, body: typeof options.raw === 'object' ? new Uint8Array(options.raw) : (options.raw ?? JSON.stringify(body)) });
  const text = await response.text();
  let parsed: Record<string, any> = {};
  try {
    parsed = JSON.parse(text) as Record<string, any>;
  } catch {
    // NDJSON or not JSON at all: the caller reads `text`.
  }
  return { status: response.status, body: parsed, text };
}

/** Every event the app's store holds, in global order. */
export async function allEvents(app: TestApp): Promise<RecordedEvent[]> {
  return app.app.get<EventStore>(EVENT_STORE).readAll();
}

export const importerToken = (app: TestApp) => app.token({ sub: 'importer-bot', name: 'Import Bot', roles: ['importer'] });
