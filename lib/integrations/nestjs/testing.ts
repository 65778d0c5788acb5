import type { INestApplicationContext } from '@nestjs/common';
import type { SessionContext, TestTransaction } from '../../context';
import { getContextToken } from './tokens';

/**
 * Wraps a test in a transaction rolled back at its end: everything the application does meanwhile
 * — its own transactions become SAVEPOINTs, supertest requests included — runs on one connection
 * inside it. Requests of one test should be made one after another (they share that connection).
 *
 * @example
 * let tx: TestTransaction;
 * beforeEach(async () => (tx = await beginTestTransaction(app)));
 * afterEach(() => tx.rollback());
 */
export function beginTestTransaction(app: INestApplicationContext, name?: string): Promise<TestTransaction> {
  const context = app.get<SessionContext>(getContextToken(name), { strict: false });
  return context.beginTestTransaction();
}
