export { sessionMiddleware, commitRequest, type SessionMiddlewareOptions } from './session-middleware';
