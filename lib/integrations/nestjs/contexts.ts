import type { SessionContext } from '../../context';
import { NoSessionContextError } from '../../errors';
import { DEFAULT_ENGINE_NAME } from './tokens';

/**
 * The contexts of the engines `AthanorModule` registered, by name: `@Transactional()` wraps
 * methods when classes are declared, before any module exists, so it finds its context here at
 * call time.
 */
const CONTEXTS = new Map<string, SessionContext>();

/** @internal */
export function registerContext(name: string, context: SessionContext): void {
  CONTEXTS.set(name, context);
}

/** @internal */
export function unregisterContext(name: string, context: SessionContext): void {
  if (CONTEXTS.get(name) === context) CONTEXTS.delete(name);
}

/**
 * The session context of a named engine of a running Nest application, for code Nest does not
 * construct (scripts, queue callbacks registered by hand).
 */
export function sessionContext(name: string = DEFAULT_ENGINE_NAME): SessionContext {
  const context = CONTEXTS.get(name);
  if (context === undefined) {
    throw new NoSessionContextError(
      `no Athanor engine named '${name}' is running: import AthanorModule.forRoot(${name === DEFAULT_ENGINE_NAME ? '' : `{ name: '${name}', … }`}) and start the application first`,
    );
  }
  return context;
}
