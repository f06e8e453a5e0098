import { allProjections } from '../../src/all-projections';
import { ProjectionRegistry } from '../../src/projections/projection-registry';
import { startTestApp, TestApp } from '../support/test-app';

/** The offline rebuild and the bench build read models from allProjections(): it must be what the service registers. */
describe('the list of every projection', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names exactly the projections the running service registered, at their versions', () => {
    const registered = app.app.get(ProjectionRegistry).seal();
    const byName = (list: readonly { name: string; version: number }[]) => list.map((p) => `${p.name}@${p.version}`).sort();
    expect(byName(allProjections())).toEqual(byName(registered));
    expect(byName(registered)).toContain('public-record@1');
  });
});
