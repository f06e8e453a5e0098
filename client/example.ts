import { print } from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { ClaimDocument, type ClaimQuery, DeskChangesDocument, type DeskChangesSubscription, type DeskChangesSubscriptionVariables } from './generated/graphql';

/**
 * How the generated types are used (and the proof, through `npm run typecheck`, that they compile):
 * read a claim over HTTP, and follow the desk's changes over graphql-ws, resuming after a disconnect.
 */
export async function readClaim(url: string, token: string, id: string): Promise<ClaimQuery['claim']> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: print(ClaimDocument), variables: { id } }),
  });
  const { data } = (await response.json()) as { data: ClaimQuery };
  return data.claim;
}

/** Follows deskChanges from `after` (null: from now); `onChange` gets each change, whose cursor resumes after it. */
export function followDesk(url: string, token: string, after: string | null, onChange: (change: DeskChangesSubscription['deskChanges']) => void): () => void {
  const client = createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const variables: DeskChangesSubscriptionVariables = { after };
  const stop = client.subscribe<DeskChangesSubscription>(
    { query: print(DeskChangesDocument), variables },
    { next: ({ data }) => data && onChange(data.deskChanges), error: () => undefined, complete: () => undefined },
  );
  return () => {
    stop();
    void client.dispose();
  };
}
