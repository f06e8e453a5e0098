import type { ConsistencyFetcher } from './log-verifier';
import { parseHashLines } from './log-verifier';

/** Reading a log over HTTP (GET /log/checkpoint, /log/proof/consistency); plain fetch. */
export class LogClient {
  readonly base: string;
  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  private async get(path: string): Promise<string> {
    const response = await fetch(`${this.base}${path}`, { headers: { accept: 'text/plain' } });
    const text = await response.text();
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text;
  }

  checkpoint(): Promise<string> {
    return this.get('/log/checkpoint');
  }

  readonly consistency: ConsistencyFetcher = async (from, to) => parseHashLines(await this.get(`/log/proof/consistency?from=${from}&to=${to}`));

  /** POST /log/cosignatures: the checkpoint's text, a blank line and the witness's cosignature line. */
  async submitCosignature(note: string): Promise<{ status: number; body: string }> {
    const response = await fetch(`${this.base}/log/cosignatures`, { method: 'POST', headers: { 'content-type': 'text/plain; charset=utf-8' }, body: note });
    return { status: response.status, body: await response.text() };
  }
}
