import { createRequire } from 'node:module';
import { DriverNotInstalledError } from '../errors';

const requireFromHere = createRequire(__filename);

function isMissing(error: unknown, name: string): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  // Only the package itself: a module missing inside an installed driver is a different problem.
  return (
    e?.code === 'MODULE_NOT_FOUND' &&
    typeof e.message === 'string' &&
    e.message.startsWith(`Cannot find module '${name}'`)
  );
}

/**
 * Loads a client library on first use, so an application pays only for the driver it uses
 * (and needs only that one installed: the drivers are optional peer dependencies). A plain
 * `require`: dynamic `import()` is not available under every test runner.
 * @param neededFor what needs the package, for the error when it is missing (`postgresql:// URLs`)
 * @internal
 */
export function loadModule<T>(name: string, neededFor: string): T {
  try {
    return requireFromHere(name) as T;
  } catch (e) {
    if (isMissing(e, name)) throw new DriverNotInstalledError(name, neededFor, { cause: e });
    throw e;
  }
}

/**
 * Checks that a client library can be found, without loading it: `createEngine` fails at once,
 * naming the package to install, rather than at the first connection.
 * @internal
 */
export function requireInstalled(name: string, neededFor: string): void {
  try {
    requireFromHere.resolve(name);
  } catch (e) {
    if (isMissing(e, name)) throw new DriverNotInstalledError(name, neededFor, { cause: e });
    throw e;
  }
}
