export * from './nodes';
export * from './factories';
export * from './readers';
