export { sessionMiddleware, commitRequest, type SessionMiddlewareOptions } from './session-middleware';
export { readYourWrites, type ReadYourWritesOptions } from './read-your-writes';
