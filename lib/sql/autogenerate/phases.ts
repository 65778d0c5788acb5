/**
 * The phases of a planned migration, in the order they run: enum types first, then renames,
 * removals of keys, new tables, column changes, new keys, and the drops last.
 */
export type Phase =
  'enums' | 'renames' | 'dropKeys' | 'create' | 'columns' | 'addKeys' | 'dropColumns' | 'drops' | 'dropEnums';

export const PHASES: readonly Phase[] = [
  'enums',
  'renames',
  'dropKeys',
  'create',
  'columns',
  'addKeys',
  'dropColumns',
  'drops',
  'dropEnums',
];
