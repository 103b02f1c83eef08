/**
 * The central commerce API contract: zod schemas and their inferred types for
 * every entity, the pull feed, the push mutations, and the HTTP surface. Both
 * the app (sync engine) and the reference central (central/) use these.
 */
export * from './common';
export * from './entities';
export * from './mutations';
export * from './sync';
export * from './api';
export * from './pickup-code';
export * from './payments';
export { hashPin, verifyPin, PIN_HASH_ITERATIONS } from '../staff/pin';
export * from './dayTotals';
export * from './bounds';
export * from './customers';
export * from './dispatch';
