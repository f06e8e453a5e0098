// The layer rules of src/, checked by `npm run lint:deps` (part of `npm test`).
// Paths are relative to the cruise's base dir, so the same file also judges the fixture tree in
// test/architecture/fixtures (see test/architecture/dependency-rules.spec.ts).
//
// Layers, inner to outer: shared -> <feature>/domain -> <feature>/application -> <feature>/read-model -> <feature>/api.
// Infrastructure (event-store, projections runner, config, logging) knows no feature: features plug into it.

/** Every way dependency-cruiser classes an npm package (by name, however it resolves). */
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

// Layers that must stay pure are written as allow-lists over *local* dependencies (dependencyTypes
// 'local': any file reached by a relative path), so a folder nobody thought of is refused too, and
// so is a relative path into node_modules (`../../node_modules/@nestjs/common` is classed local,
// not npm). Packages are judged separately by their npm dependency types.

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
      comment: 'src/ must not reach into test/ (fixtures, helpers), scripts/ or bench/; the dependency goes the other way.',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|bench)/' },
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
      comment: 'src/shared is the bottom layer: of local files it may use only itself (so no relative path into node_modules either).',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: ['local'], pathNot: '^src/shared/' },
    },
    {
      name: 'shared-no-framework',
      severity: 'error',
      comment: 'Shared helpers are plain TypeScript, usable from the domain: no npm package at all.',
      from: { path: '^src/shared/' },
      to: { dependencyTypes: NPM },
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
      comment: 'Domain rules see only domain files and src/shared: not application, api, read models, infrastructure, nor a relative path into node_modules.',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: ['local'], pathNot: ['^src/[^/]+/domain/', '^src/shared/'] },
    },
    {
      name: 'domain-no-packages',
      severity: 'error',
      comment: 'The decider is pure functions over events: no framework, database, transport or validation library.',
      from: { path: '^src/[^/]+/domain/' },
      to: { dependencyTypes: NPM },
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
      comment:
        'Use cases see only: the domains, their own feature\'s application, src/shared, the event-store port and its errors, configuration; ' +
        'of packages @nestjs/common and @nestjs/cqrs, of Node builtins crypto. Anything else (API, read models, projections, observability, ' +
        'adapters, another feature\'s use cases) comes in through a port of the application (*.port.ts) that the module provides.',
      from: { path: '^src/([^/]+)/application/' },
      to: {
        pathNot: [
          '^src/[^/]+/domain/',
          '^src/$1/application/',
          '^src/shared/',
          '^src/event-store/event-store\\.(port|errors)\\.ts$',
          '^src/config/',
          '(^|/)node_modules/@nestjs/(common|cqrs)/',
          '^(node:)?crypto$',
        ],
      },
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
      comment: 'Only event-store.module.ts picks an adapter; everyone else (the rest of src/event-store included) depends on the port. An adapter\'s own files may use each other.',
      from: { path: '^src/', pathNot: ['^src/event-store/event-store\\.module\\.ts$', '^src/event-store/(embedded|eventstoredb)/'] },
      to: { path: '^src/event-store/(embedded|eventstoredb)/' },
    },
    {
      name: 'event-store-adapters-apart',
      severity: 'error',
      comment: 'An adapter does not use another adapter: each stands alone behind the port.',
      from: { path: '^src/event-store/(embedded|eventstoredb)/' },
      to: { path: '^src/event-store/(embedded|eventstoredb)/', pathNot: '^src/event-store/$1/' },
    },
    {
      name: 'projections-runner-no-feature',
      severity: 'error',
      comment: 'The projection runner runs whatever projections features register with it; of local files it uses only itself, the event-store port, shared, config and logging.',
      from: { path: '^src/projections/' },
      to: { dependencyTypes: ['local'], pathNot: ['^src/(projections|shared|config|logging)/', '^src/event-store/event-store\\.port\\.ts$'] },
    },
    {
      name: 'config-logging-no-feature',
      severity: 'error',
      comment:
        'Configuration and logging are read by every feature and by the infrastructure, so of local files they use only config, logging and shared: ' +
        'no feature (not even its pure domain: the claims\' rating scale is kept as text here and parsed by the claims\' desk policy).',
      from: { path: '^src/(config|logging)/' },
      to: { dependencyTypes: ['local'], pathNot: '^src/(config|logging|shared)/' },
    },

    // ---- the transparency log's offline verifier and witness: usable without this service ----
    {
      name: 'log-verifier-standalone',
      severity: 'error',
      comment:
        'src/transparency-log/verifier is what outsiders run (npm run log:verify, log:witness): of local files only itself, the log\'s pure domain ' +
        'and the node:crypto binding of its LogCrypto; no npm package (no NestJS), so it can be lifted out whole.',
      from: { path: '^src/transparency-log/verifier/' },
      to: {
        dependencyTypes: ['local'],
        pathNot: ['^src/transparency-log/(verifier|domain)/', '^src/transparency-log/adapters/node-log-crypto\\.ts$'],
      },
    },
    {
      name: 'log-verifier-no-packages',
      severity: 'error',
      comment: 'The offline verifier uses Node builtins and fetch only: no @nestjs, no other package.',
      from: { path: '^src/transparency-log/verifier/' },
      to: { dependencyTypes: NPM },
    },

    // ---- read models ----
    {
      name: 'read-model-not-to-api',
      severity: 'error',
      comment: 'A read model is below the API: the API queries read models, never the other way round.',
      from: { path: '^src/[^/]+/read-model/' },
      to: { path: '^src/[^/]+/api/' },
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
