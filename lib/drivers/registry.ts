import { ArgumentError } from '../errors';
import { addDialect, type DialectName } from '../sql';
import type { DialectDefinition } from './dialect-definition';

const byName = new Map<string, DialectDefinition>();
const byScheme = new Map<string, DialectDefinition>();

/**
 * Makes a dialect usable: `compile(stmt, name)`, `getDialect(name)` and `createEngine` with any
 * of its URL schemes. The package entry registers the six built-in dialects; registering the same
 * definition again is a no-op, and a name or scheme already taken by another definition is an error.
 *
 * @example
 * registerDialect({ ...sqliteDialect, name: 'litesql', schemes: ['litesql'] });
 */
export function registerDialect(definition: DialectDefinition): void {
  const known = byName.get(definition.name);
  if (known === definition) return;
  if (known !== undefined) {
    throw new ArgumentError(`a dialect named '${definition.name}' is already registered`);
  }
  for (const scheme of definition.schemes) {
    const taken = byScheme.get(scheme.toLowerCase());
    if (taken !== undefined) {
      throw new ArgumentError(`the URL scheme '${scheme}' already belongs to the '${taken.name}' dialect`);
    }
  }
  addDialect(definition);
  byName.set(definition.name, definition);
  for (const scheme of definition.schemes) byScheme.set(scheme.toLowerCase(), definition);
}

/** The registered dialect called `name`. @internal */
export function dialectDefinition(name: DialectName): DialectDefinition {
  const definition = byName.get(name);
  if (definition === undefined) {
    throw new ArgumentError(
      `unknown dialect '${String(name)}'; expected one of ${[...byName.keys()].join(', ')}`,
    );
  }
  return definition;
}

/** The registered dialect a URL scheme selects, or undefined. @internal */
export function dialectForScheme(scheme: string): DialectDefinition | undefined {
  return byScheme.get(scheme.toLowerCase());
}

/** Every registered URL scheme, in registration order (for error messages). @internal */
export function registeredSchemes(): string[] {
  return [...byScheme.keys()];
}
