export type * from './changes';
export { compareSchema, normalizerFor, type CompareOptions } from './compare';
export type { Normalizer } from './normal-form';
export { typeChangeNarrows } from './type-change';
