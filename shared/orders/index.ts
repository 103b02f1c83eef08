export * from './state';
export * from './stock';
