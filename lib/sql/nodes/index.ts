export * from './expression-nodes';
export * from './from-nodes';
export * from './statement-nodes';
