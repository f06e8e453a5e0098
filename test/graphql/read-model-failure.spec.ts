import Database from 'better-sqlite3';
import { Logger } from '@nestjs/common';
import { ClaimsReadModel, ReadModelFailure } from '../../src/claims/read-model/claims.read-model';
import type { ReadModelsService } from '../../src/projections/read-models.service';

/** SQLite's own text never leaves the read model: the caller gets a reference, the log gets the detail. */
describe('claims read model failures', () => {
  it('answers a reference and logs the SQLite message under it', () => {
    const db = new Database(':memory:'); // a real database without the claims table: every query fails in SQLite
    const logged: string[] = [];
    const spy = jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    try {
      const readModel = new ClaimsReadModel({ db } as ReadModelsService);
      let failure: unknown;
      try {
        readModel.list({ status: ['DRAFT'] }, {});
      } catch (error) {
        failure = error;
      }
      expect(failure).toBeInstanceOf(ReadModelFailure);
      const { reference, message } = failure as ReadModelFailure;
      expect(message).not.toMatch(/sqlite|no such table|claims c/i);
      expect(message).toContain(reference);
      expect(logged).toEqual([`claims query failed (reference ${reference}): no such table: claims`]);
      expect(() => readModel.get('x')).toThrow(ReadModelFailure);
    } finally {
      spy.mockRestore();
      db.close();
    }
  });
});
