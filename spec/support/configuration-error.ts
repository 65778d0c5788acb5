import { ConfigurationError } from '../../lib/errors';
import { Registry } from '../../lib/mapper';

/** Configures a fresh registry built by `define` and returns the ConfigurationError message it raises. */
export function configurationErrorOf(define: (reg: Registry) => void): string {
  const reg = new Registry();
  define(reg);
  try {
    reg.configure();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigurationError);
    return (e as Error).message;
  }
  throw new Error('configure() did not fail');
}
