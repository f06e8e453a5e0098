import type { RecordedEvent } from '../../src/event-store/event-store.port';
import type { CorrectionRequestEvent } from '../../src/correction-requests/domain/correction-request';
import { correctionRequestsProjection } from '../../src/correction-requests/read-model/correction-requests.projection';
import { givenEvents } from '../support/projection-spec';
import { accepted, acknowledged, requested, REQUESTED_AT } from './correction-request-spec';

let position = 100;
function recorded(stream: string, revision: number, event: CorrectionRequestEvent | { type: string; data: object }): RecordedEvent {
  position += 10;
  return { id: `e${position}`, stream, type: event.type, revision, position, data: event.data as RecordedEvent['data'], metadata: { schemaVersion: 1 }, recordedAt: new Date(REQUESTED_AT) };
}

describe('correction requests: the projection', () => {
  it('keeps one row per request, ordered by the position of its request, with its status as it moves on', () => {
    const stream = 'correction-request-req-1';
    const events = [recorded(stream, 0, requested()), recorded(stream, 1, acknowledged()), recorded(stream, 2, accepted())];
    const rows = givenEvents(correctionRequestsProjection, events).tables().correction_requests;
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: events[0].position, id: 'req-1', claim_id: 'claim-1', status: 'ACCEPTED', requested_at: REQUESTED_AT, last_position: events[2].position });
    expect(JSON.parse(String(rows[0].doc))).toMatchObject({ status: 'ACCEPTED', revision: 2, accepted: { correctionNumber: 1 } });
  });

  it('holds nothing the events do not: no contact column, and the doc is the folded events', () => {
    const rows = givenEvents(correctionRequestsProjection, [recorded('correction-request-req-1', 0, requested())]).tables().correction_requests;
    expect(Object.keys(rows[0]).sort()).toEqual(['claim_id', 'doc', 'id', 'last_position', 'requested_at', 'seq', 'status']);
  });

  it('ignores other streams, and fails on an unknown event type in its own', () => {
    givenEvents(correctionRequestsProjection, [recorded('claim-abc', 0, { type: 'ClaimSubmitted', data: {} })]).thenRows('correction_requests', []);
    givenEvents(correctionRequestsProjection, [recorded('correction-request-req-1', 0, { type: 'CorrectionRequestShredded', data: {} })]).thenFails(/does not know event type CorrectionRequestShredded/);
  });
});
