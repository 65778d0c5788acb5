import type { SessionContext } from '../../context';
import { Session } from '../../session';

/**
 * A stand-in for the ambient session, made once and injected into DEFAULT-scoped providers:
 * every member read goes to the session of the scope the caller runs in. Outside any scope,
 * using a session member raises `NoSessionContextError`; other reads (Nest looking for lifecycle
 * hooks, a `then` probe) answer `undefined`.
 * @internal
 */
export function ambientSession(context: SessionContext): Session {
  return new Proxy(Object.create(Session.prototype) as Session, {
    get(_target, key) {
      if (!context.active && !(key in Session.prototype)) return undefined;
      const session = context.session;
      const value: unknown = Reflect.get(session, key, session);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(session) : value;
    },
    set(_target, key, value) {
      return Reflect.set(context.session, key, value);
    },
    has(_target, key) {
      return key in Session.prototype;
    },
  });
}
