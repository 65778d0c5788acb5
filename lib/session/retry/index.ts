/** Running a whole transaction again when it loses to a concurrent one. */
export {
  type RetryOptions,
  type RetryEvent,
  type RetrySetting,
  type RetryableErrorClass,
  type TransactionAttempt,
} from './retry-options';
