import type { EntityClass } from '../../session';

/** The name of the engine a module registers when none is given. */
export const DEFAULT_ENGINE_NAME = 'default';

/** The injection token of a named engine's `SessionContext`. */
export function getContextToken(name: string = DEFAULT_ENGINE_NAME): string {
  return `athanor:${name}:context`;
}

/** The injection token of a named engine. */
export function getEngineToken(name: string = DEFAULT_ENGINE_NAME): string {
  return `athanor:${name}:engine`;
}

/** The injection token of a named engine's ambient session. */
export function getSessionToken(name: string = DEFAULT_ENGINE_NAME): string {
  return `athanor:${name}:session`;
}

/** The injection token of an entity's repository on a named engine. */
export function getRepositoryToken(entity: EntityClass<object>, name: string = DEFAULT_ENGINE_NAME): string {
  return `athanor:${name}:repository:${entity.name}`;
}

/** @internal The token of a module's resolved options. */
export function getOptionsToken(name: string): string {
  return `athanor:${name}:options`;
}
