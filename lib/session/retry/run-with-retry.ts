import { backoffDelay, type RetryPolicy, type TransactionAttempt } from './retry-options';

/**
 * Runs `attempt` until it resolves, it fails with an error the policy does not retry, or the
 * attempts are spent (then the last error is raised as it was). Each call of `attempt` must be a
 * whole transaction of its own, begun and ended inside it. @internal
 */
export async function runWithRetry<T>(
  policy: RetryPolicy | undefined,
  attempt: (info: TransactionAttempt) => Promise<T>,
): Promise<T> {
  const attempts = policy?.attempts ?? 1;
  for (let n = 1; ; n++) {
    try {
      return await attempt({ attempt: n, attempts });
    } catch (error) {
      if (policy === undefined || n >= attempts || !policy.retryable(error)) throw error;
      const delayMs = backoffDelay(policy, n);
      policy.onRetry?.({ attempt: n, error, delayMs });
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
