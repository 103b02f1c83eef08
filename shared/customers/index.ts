export * from './notes';
export * from './arrival';
export * from './card';
