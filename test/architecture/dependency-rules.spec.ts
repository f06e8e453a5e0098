import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * The layer rules of .dependency-cruiser.cjs, run through the depcruise CLI (the package is ESM
 * only, which jest's CommonJS runtime cannot import). The fixture tree mirrors src/'s layout and is
 * cruised with itself as the working directory, so its paths start with src/ like the real ones and
 * the very same rules file judges both.
 */
const ROOT = join(__dirname, '..', '..');
const RULES = join(ROOT, '.dependency-cruiser.cjs');
const DEPCRUISE = join(ROOT, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');

interface Violation {
  from: string;
  to: string;
  rule: { name: string; severity: 'error' | 'warn' | 'info' | 'ignore' };
}

function cruise(cwd: string): Violation[] {
  const run = spawnSync(process.execPath, [DEPCRUISE, 'src', '--config', RULES, '--output-type', 'json'], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (!run.stdout) throw new Error(`depcruise produced no output (exit ${run.status}): ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

const found = (violations: Violation[]) => violations.map((v) => `${v.rule.severity} ${v.rule.name}: ${v.from} -> ${v.to}`).sort();

describe('dependency rules', () => {
  describe('on a fixture tree with one wrong import per rule', () => {
    let violations: Violation[];
    beforeAll(() => {
      violations = cruise(join(__dirname, 'fixtures'));
    });

    it.each([
      ['shared-imports-no-src', 'src/shared/bad-shared.ts', 'src/claims/domain/ok.ts'],
      ['shared-no-io-builtins', 'src/shared/bad-shared.ts', 'fs'],
      ['shared-no-framework', 'src/shared/bad-framework.ts', 'node_modules/graphql/'],
      ['domain-no-packages', 'src/claims/domain/bad-framework.ts', 'node_modules/@nestjs/common/'],
      ['domain-imports-only-domain-and-shared', 'src/claims/domain/bad-layer.ts', 'src/claims/api/claim.resolver.ts'],
      ['domain-no-node-builtins', 'src/claims/domain/bad-builtin.ts', 'fs'],
      ['application-only-through-port', 'src/claims/application/bad-adapter.ts', 'src/event-store/embedded/store.ts'],
      ['event-store-adapters-private', 'src/claims/application/bad-adapter.ts', 'src/event-store/embedded/store.ts'],
      ['application-not-to-outer-layers', 'src/claims/application/bad-outer.ts', 'src/claims/read-model/claims.projection.ts'],
      ['event-store-no-feature', 'src/event-store/bad-feature.ts', 'src/claims/domain/ok.ts'],
      ['projections-runner-no-feature', 'src/projections/runner.ts', 'src/claims/read-model/claims.projection.ts'],
      ['config-logging-no-feature', 'src/config/bad-config.ts', 'src/claims/read-model/claims.projection.ts'],
      ['no-circular', 'src/audit/cycle-', 'src/audit/cycle-'],
      ['not-to-dev-dep', 'src/audit/uses-dev-dep.ts', 'node_modules/@nestjs/testing/'],
      ['not-to-test', 'src/audit/uses-test.ts', 'test/helper.ts'],
      ['no-unresolvable', 'src/audit/missing.ts', './nope'],
      // allow-lists: what an older deny-list let through
      ['application-not-to-outer-layers', 'src/claims/application/bad-metrics.ts', 'src/observability/metrics.ts'],
      ['application-not-to-outer-layers', 'src/claims/application/bad-other-feature.ts', 'src/audit/application/use-case.ts'],
      ['application-not-to-outer-layers', 'src/claims/application/bad-package.ts', 'node_modules/graphql/'],
      ['application-not-to-outer-layers', 'src/claims/application/bad-package.ts', 'fs'],
      ['read-model-not-to-api', 'src/audit/read-model/bad-api.ts', 'src/claims/api/claim.resolver.ts'],
      ['projections-runner-no-feature', 'src/projections/bad-runner.ts', 'src/observability/metrics.ts'],
      ['not-to-test', 'src/audit/uses-scripts.ts', 'scripts/tool.ts'],
      ['not-to-test', 'src/audit/uses-scripts.ts', 'bench/run.ts'],
      ['shared-no-framework', 'src/shared/bad-package.ts', 'node_modules/helmet/'],
      ['shared-imports-no-src', 'src/shared/bad-package-path.ts', 'node_modules/@nestjs/common/'],
      ['domain-imports-only-domain-and-shared', 'src/claims/domain/bad-package-path.ts', 'node_modules/@nestjs/common/'],
      ['config-logging-no-feature', 'src/config/bad-config.ts', 'src/claims/domain/ok.ts'],
      ['event-store-adapters-private', 'src/event-store/bad-pick.ts', 'src/event-store/embedded/store.ts'],
      ['event-store-adapters-apart', 'src/event-store/eventstoredb/bad-other.ts', 'src/event-store/embedded/store.ts'],
    ])('%s reports %s -> %s as an error', (rule, from, to) => {
      const hit = violations.filter((v) => v.rule.name === rule && v.from.startsWith(from) && v.to.includes(to));
      expect(hit.map((v) => v.rule.severity)).toContain('error');
    });

    it('warns (only) about an orphan module', () => {
      expect(violations.filter((v) => v.rule.name === 'no-orphans').map((v) => `${v.rule.severity} ${v.from}`)).toEqual([
        'warn src/audit/lonely.ts',
      ]);
    });

    it('leaves the well-layered files alone', () => {
      const clean = ['src/shared/id.ts', 'src/claims/domain/ok.ts', 'src/claims/api/', 'src/claims/application/service.ts', 'src/claims/read-model/', 'src/event-store/embedded/', 'src/event-store/event-store.port.ts'];
      expect(found(violations.filter((v) => clean.some((path) => v.from.startsWith(path))))).toEqual([]);
    });
  });

  it('finds no error in the real src/', () => {
    const errors = cruise(ROOT).filter((v) => v.rule.severity === 'error');
    expect(found(errors)).toEqual([]);
  });
});
