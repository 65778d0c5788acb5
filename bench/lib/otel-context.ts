import { AsyncLocalStorage } from 'node:async_hooks';
import {
  context,
  ROOT_CONTEXT,
  trace,
  TraceFlags,
  type Context,
  type ContextManager,
} from '@opentelemetry/api';

/**
 * The active context kept in AsyncLocalStorage, as the Node SDK's context manager keeps it (that
 * package is not installed here): what an application with the SDK registered runs with, and
 * what lets a statement's span find its ORM span as parent. The telemetry specs register it too.
 */
export class StorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    return this.storage.run(ctx, () => fn.call(thisArg, ...args));
  }
  bind<T>(_ctx: Context, target: T): T {
    return target;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

/**
 * The context a server request runs in once the SDK's HTTP instrumentation started its span: a
 * sampled span of a trace of its own is active, so the ORM's spans are its children (they take
 * its trace id, and a parent-based sampler keeps them).
 */
export const requestContext: Context = trace.setSpan(
  ROOT_CONTEXT,
  trace.wrapSpanContext({
    traceId: '5b8efff798038103d269b633813fc60c',
    spanId: 'eee19b7ec3c1b174',
    traceFlags: TraceFlags.SAMPLED,
  }),
);

/**
 * Runs `fn` with a context manager registered globally, then unregisters it: a mode measured
 * with one pays for it, and the modes interleaved with it (no SDK) do not. Registering enters no
 * context: its AsyncLocalStorage (whose hooks every promise of the process pays for once it is
 * on) is switched on by the first `context.with()`, as with the SDK's own manager; a bench that
 * runs each operation in `requestContext` pays that as an application serving requests does.
 */
export async function withContextManager<T>(fn: () => Promise<T>): Promise<T> {
  context.setGlobalContextManager(new StorageContextManager());
  try {
    return await fn();
  } finally {
    context.disable();
  }
}
