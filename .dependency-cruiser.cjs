// The layer rules of src/, checked by `npm run lint:deps` (part of `npm test`).
// Paths are relative to the cruise's base dir, so the same file also judges the fixture tree in
// test/architecture/fixtures (see test/architecture/dependency-rules.spec.ts).
//
// Layers, inner to outer: shared -> <feature>/domain -> <feature>/application -> <feature>/{api,read-model}.
// Infrastructure (event-store, projections runner, config, logging) knows no feature: features plug into it.

/** Feature folders: what the infrastructure must not know about. */
const FEATURES = '(claims|audit|claim-review|case-file|graphql|auth)';

/** Packages that tie code to a framework, a database or the network. */
// Matched anywhere in the path: from a fixture tree the packages resolve to ../../node_modules/.
const FRAMEWORK = '(^|/)node_modules/(@nestjs|@apollo|@as-integrations|graphql|graphql-ws|better-sqlite3|sqlite3|@eventstore|@grpc|express|jose|ws|prom-client|class-validator|class-transformer|rxjs|reflect-metadata)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // ---- whole tree ----
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes load order matter and the modules inseparable; break it with a port or by moving the shared part down.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'no-orphans',
      severity: 'warn',
      comment: 'A module nothing imports is dead code or a missing wiring (entry points excepted).',
      from: { orphan: true, pathNot: ['(^|/)\\.[^/]+\\.(c?js|json)$', '\\.d\\.ts$', '^src/main\\.ts$', '(^|/)tsconfig\\.json$'] },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment: 'Production code must not need a devDependency: `npm ci --omit=dev` would break it.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'not-to-test',
      severity: 'error',
      comment: 'src/ must not reach into test/ (fixtures, helpers); the dependency goes the other way.',
      from: { path: '^src/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing breaks at run time.',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },

    // ---- shared: pure helpers ----
    {
      name: 'shared-imports-no-src',
      severity: 'error',
      comment: 'src/shared is the bottom layer: it may use only itself.',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'shared-no-framework',
      severity: 'error',
      comment: 'Shared helpers are plain TypeScript, usable from the domain.',
      from: { path: '^src/shared/' },
      to: { path: FRAMEWORK },
    },
    {
      // deterministic-id hashes with node:crypto (a pure function of its input); nothing that does I/O.
      name: 'shared-no-io-builtins',
      severity: 'error',
      comment: 'Shared helpers do no I/O: of the Node builtins only crypto (hashing) is allowed.',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },

    // ---- domain: pure rules ----
    {
      name: 'domain-imports-only-domain-and-shared',
      severity: 'error',
      comment: 'Domain rules see only domain files and src/shared: not application, api, read models or infrastructure.',
      from: { path: '^src/[^/]+/domain/' },
      to: { path: '^src/', pathNot: ['^src/[^/]+/domain/', '^src/shared/'] },
    },
    {
      name: 'domain-no-packages',
      severity: 'error',
      comment: 'The decider is pure functions over events: no framework, database, transport or validation library.',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'] },
    },
    {
      // Today the domain imports no builtin at all; ids and hashes come in through commands and
      // src/shared, so the decider stays deterministic and runs anywhere (no clock, fs, crypto).
      name: 'domain-no-node-builtins',
      severity: 'error',
      comment: 'No Node builtin in the domain: I/O, time and randomness are passed in.',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: ['core'] },
    },

    // ---- application: use cases ----
    {
      name: 'application-not-to-outer-layers',
      severity: 'error',
      comment: 'Use cases must not depend on the GraphQL API or on read models (theirs or another feature\'s): those are the outer layer.',
      from: { path: '^src/[^/]+/application/' },
      to: { path: ['^src/[^/]+/(api|read-model)/', '^src/(graphql|projections)/'] },
    },
    {
      name: 'application-only-through-port',
      severity: 'error',
      comment: 'Use cases talk to the event store through event-store.port.ts (and its errors), never to an adapter or its driver.',
      from: { path: '^src/[^/]+/application/' },
      to: { path: ['^src/event-store/(embedded|eventstoredb)/', '^src/event-store/event-store\\.module\\.ts$', '(^|/)node_modules/(better-sqlite3|sqlite3|@eventstore|@grpc)/'] },
    },

    // ---- infrastructure knows no feature ----
    {
      name: 'event-store-no-feature',
      severity: 'error',
      comment: 'The event store stores opaque events: it may use only itself, shared, config and logging.',
      from: { path: '^src/event-store/' },
      to: { path: '^src/', pathNot: '^src/(event-store|shared|config|logging)/' },
    },
    {
      name: 'event-store-adapters-private',
      severity: 'error',
      comment: 'Only event-store.module.ts picks an adapter; everyone else depends on the port.',
      from: { path: '^src/', pathNot: '^src/event-store/' },
      to: { path: '^src/event-store/(embedded|eventstoredb)/' },
    },
    {
      name: 'projections-runner-no-feature',
      severity: 'error',
      comment: 'The projection runner runs whatever projections features register with it; it names none of them.',
      from: { path: '^src/projections/' },
      to: { path: `^src/${FEATURES}/` },
    },
    {
      name: 'config-logging-no-feature',
      severity: 'error',
      comment:
        'Configuration and logging are read by every feature, so they import none of a feature\'s use cases, read models or API (or a cycle waits to happen). ' +
        'A domain is allowed: configuration parses the desk\'s rating scale with the domain\'s own rules, so a bad RATING_SCALE stops the start with a named problem; the domain is pure, so nothing comes back.',
      from: { path: '^src/(config|logging)/' },
      to: { path: '^src/', pathNot: ['^src/(config|logging|shared)/', '^src/[^/]+/domain/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a domain file importing a type from the API is still coupled to it.
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['main', 'types', 'typings'],
    },
  },
};
