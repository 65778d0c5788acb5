/** Severity of a log record, lowest first; `'silent'` as a threshold logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the engine's log records go: `message` then structured `fields`, the order winston and
 * console take them. For pino, whose methods take the fields first, wrap it with `pinoLogger()`.
 */
export interface Logger {
  /** Logs a message with its structured fields at debug level. */
  debug(message: string, fields: Readonly<Record<string, unknown>>): void;
  /** Logs a message with its structured fields at info level. */
  info(message: string, fields: Readonly<Record<string, unknown>>): void;
  /** Logs a message with its structured fields at warn level. */
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
  /** Logs a message with its structured fields at error level. */
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/** A pino-style logger: fields first, then the message. */
export interface FieldsFirstLogger {
  /** Logs at debug level, fields first (pino's argument order). */
  debug(fields: object, message: string): void;
  /** Logs at info level, fields first (pino's argument order). */
  info(fields: object, message: string): void;
  /** Logs at warn level, fields first (pino's argument order). */
  warn(fields: object, message: string): void;
  /** Logs at error level, fields first (pino's argument order). */
  error(fields: object, message: string): void;
}

/** Adapts a pino logger (fields first) to `Logger`. @example createEngine(url, { logging: { logger: pinoLogger(pino()) } }) */
export function pinoLogger(logger: FieldsFirstLogger): Logger {
  return {
    debug: (message, fields) => logger.debug(fields, message),
    info: (message, fields) => logger.info(fields, message),
    warn: (message, fields) => logger.warn(fields, message),
    error: (message, fields) => logger.error(fields, message),
  };
}

export const LEVELS: Readonly<Record<LogLevel | 'silent', number>> = {
  debug: 10,
  info: 20,
  warn: 30,
  error: 40,
  silent: 100,
};
