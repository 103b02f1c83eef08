export * from './pickup-token';
export * from './base64';
