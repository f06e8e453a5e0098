/** The offline verifier and the witness, for scripts and outsiders: no NestJS behind this door. */
export * from './log-verifier';
export * from './file-state';
export * from './log-client';
export * from './witness';
export { nodeLogCrypto } from '../adapters/node-log-crypto';
