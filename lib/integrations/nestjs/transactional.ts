import type { TransactionalOptions } from '../../context';
import { sessionContext } from './contexts';

/** Options of `@Transactional()`. */
export interface TransactionalDecoratorOptions extends TransactionalOptions {
  /** The engine (its `AthanorModule` name); default `default`. */
  readonly engine?: string;
}

/**
 * Runs the method in a transaction of the ambient session context, as `propagation` says
 * (default `required`: join the caller's transaction or begin one). Every injected service the
 * method calls sees the same session through `@InjectSession()` or a repository, because the
 * session is ambient (AsyncLocalStorage), not injected per request. Works on controllers,
 * services, gateways, queue processors and cron jobs alike.
 *
 * @example
 * @Transactional({ propagation: 'requiresNew', isolationLevel: 'SERIALIZABLE' })
 * async transfer(from: number, to: number, amount: number): Promise<void> { … }
 *
 * @example
 * // Run again (up to 5 times in all) after a serialization failure or a deadlock; only the
 * // outermost transactional method retries, so retrying nested methods compose.
 * @Transactional({ isolationLevel: 'SERIALIZABLE', retry: { attempts: 5 } })
 */
export function Transactional(options: TransactionalDecoratorOptions = {}): MethodDecorator {
  return (_target, _key, descriptor) => {
    const original = descriptor.value as unknown;
    if (typeof original !== 'function') throw new TypeError('@Transactional() decorates methods');
    const method = original as (...args: unknown[]) => unknown;
    const wrapped = function (this: unknown, ...args: unknown[]): Promise<unknown> {
      return sessionContext(options.engine).transactional(async () => method.apply(this, args), options);
    };
    // Metadata other decorators put on the method (routes, guards, message patterns) stays on it.
    for (const key of Reflect.getMetadataKeys(method)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, method), wrapped);
    }
    Object.defineProperty(wrapped, 'name', { value: method.name });
    descriptor.value = wrapped as typeof descriptor.value;
    return descriptor;
  };
}
