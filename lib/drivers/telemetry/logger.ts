/** Severity of a log record, lowest first; `'silent'` as a threshold logs nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * Where the engine's log records go: `message` then structured `fields`, the order winston and
 * console take them. For pino, whose methods take the fields first, wrap it with `pinoLogger()`.
 */
export interface Logger {
  debug(message: string, fields: Readonly<Record<string, unknown>>): void;
  info(message: string, fields: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields: Readonly<Record<string, unknown>>): void;
  error(message: string, fields: Readonly<Record<string, unknown>>): void;
}

/** A pino-style logger: fields first, then the message. */
export interface FieldsFirstLogger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
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
