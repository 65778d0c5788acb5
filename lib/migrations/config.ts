/**
 * `athanor.config.ts`: where the CLI finds the database and the migrations. The application can
 * import the same file for its own engine, so both read the URL from the same environment.
 *
 * @example
 * // athanor.config.ts
 * import type { AthanorConfig } from 'athanor/migrations';
 * const config: AthanorConfig = { url: process.env.DATABASE_URL, migrations: 'migrations' };
 * export default config;
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigurationError } from '../errors';
import type { EngineOptions } from '../drivers/engine-options';
import type { MetaData } from '../sql/schema/metadata';
import type { AutogenerateHook } from './autogenerate-seam';
import { loadModule } from './scripts';

/** The config file's contents (`athanor.config.ts` by default). */
export interface AthanorConfig {
  /** The engine URL; usually `process.env.DATABASE_URL`. */
  readonly url: string | undefined;
  /** The migrations folder, relative to the config file (default `migrations`). */
  readonly migrations?: string;
  /** The version table's name (default `athanor_version`). */
  readonly versionTable?: string;
  /** Options of the CLI's engine. */
  readonly engine?: EngineOptions;
  /** The application's declared schema, for `revision --autogenerate` and `check`. */
  readonly metadata?: MetaData | (() => MetaData | Promise<MetaData>);
  /** Tables autogenerate and `check` leave alone (another application's), besides the version tables. */
  readonly ignoreTables?: readonly string[];
  /** Format new migration files with the project's prettier when it has one (default true). */
  readonly format?: boolean;
  /** Replaces the registered autogenerate implementation. */
  readonly autogenerate?: AutogenerateHook;
}

/** A loaded config, with the folder its relative paths start from. */
export interface LoadedConfig extends AthanorConfig {
  /** The config file's absolute path. */
  readonly path: string;
  /** The folder of the config file: relative paths start there. */
  readonly root: string;
  /** The migrations folder's absolute path. */
  readonly migrationsDir: string;
}

/** The config file the CLI reads when `--config` is not given. */
export const DEFAULT_CONFIG_FILE = 'athanor.config.ts';

/** Reads the config file (its default export, or the module itself). */
export function loadConfig(path: string): LoadedConfig {
  const file = resolve(path);
  if (!existsSync(file))
    throw new ConfigurationError(`no config file at ${file}: run 'athanor init' or pass --config`);
  const module = loadModule(file) as { default?: AthanorConfig } & Partial<AthanorConfig>;
  const config = (module.default ?? module) as AthanorConfig;
  if (typeof config !== 'object' || config === null)
    throw new ConfigurationError(`${file} must export a config object (export default { url, migrations })`);
  const root = dirname(file);
  return { ...config, path: file, root, migrationsDir: resolve(root, config.migrations ?? 'migrations') };
}

/** The URL of a config, or an error saying where it should come from. */
export function urlOf(config: LoadedConfig): string {
  if (typeof config.url !== 'string' || config.url === '')
    throw new ConfigurationError(
      `${config.path}: url is not set (is the environment variable it reads set?)`,
    );
  return config.url;
}
