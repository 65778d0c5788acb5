/**
 * `athanor/express`: a session and a transaction per request, committed before the response is
 * sent. Express itself is an optional peer dependency; this entry only shapes its middleware.
 *
 * @example
 * import { SessionContext, sessionMiddleware } from 'athanor/express';
 */
export {
  sessionMiddleware,
  commitRequest,
  readYourWrites,
  type SessionMiddlewareOptions,
  type ReadYourWritesOptions,
} from '../integrations/express';
export {
  SessionContext,
  PROPAGATIONS,
  type SessionContextOptions,
  type OpenScope,
  type OpenScopeOptions,
  type TestTransaction,
  type Propagation,
  type TransactionalOptions,
  type TransactionHook,
} from '../context';
