import { createRequire } from 'node:module';

const requireFromHere = createRequire(__filename);

/**
 * Loads a client library on first use, so an application pays only for the driver it uses
 * (and needs only that one installed). A plain `require`: dynamic `import()` is not available
 * under every test runner.
 * @internal
 */
export function loadModule<T>(name: string): T {
  return requireFromHere(name) as T;
}
