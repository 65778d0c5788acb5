/**
 * Drivers are optional peer dependencies: a URL whose client library is not installed is a
 * configuration error naming the package to install, raised by createEngine() before anything
 * connects — never an OperationalError, which would read like a database outage. The packed
 * package installed next to `pg` alone shows the same for mysql:// (spec/package/packed-install).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, registerDialect, type DialectDefinition } from '../../lib/drivers';
import { loadModule } from '../../lib/drivers/load-module';
import { sqliteDialect } from '../../lib/dialects';
import { ConfigurationError, DriverNotInstalledError, OperationalError } from '../../lib/errors';

const MISSING = 'athanor-spec-missing-driver';

const missingDriverDialect: DialectDefinition<'nodriver'> = {
  ...sqliteDialect,
  name: 'nodriver',
  schemes: ['nodriver'],
  driver: {
    ...sqliteDialect.driver,
    name: MISSING,
    packageName: MISSING,
    connect: (url) => loadModule(MISSING, `${url.scheme}:// URLs`),
  },
};
registerDialect(missingDriverDialect);

describe('a driver that is not installed', () => {
  it('createEngine() raises DriverNotInstalledError naming the package and the URL scheme', () => {
    let error: unknown;
    try {
      createEngine('nodriver://');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DriverNotInstalledError);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).not.toBeInstanceOf(OperationalError);
    expect(error).toMatchObject({
      name: 'DriverNotInstalledError',
      packageName: MISSING,
      neededFor: 'nodriver:// URLs',
      message: `${MISSING} is not installed (needed for nodriver:// URLs): npm install ${MISSING}`,
    });
    expect((error as Error).cause).toMatchObject({ code: 'MODULE_NOT_FOUND' });
  });

  it('loading it on first use raises the same error', () => {
    expect(() => loadModule(MISSING, 'conn.stream() on PostgreSQL')).toThrow(
      `${MISSING} is not installed (needed for conn.stream() on PostgreSQL): npm install ${MISSING}`,
    );
    expect(() => loadModule(MISSING, 'conn.stream() on PostgreSQL')).toThrow(DriverNotInstalledError);
  });

  it('a module missing inside an installed package is not reported as that package missing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'athanor-driver-'));
    try {
      const file = join(dir, 'broken-driver.js');
      writeFileSync(file, `require('${MISSING}-dependency');\n`);
      let error: unknown;
      try {
        loadModule(file, 'broken:// URLs');
      } catch (e) {
        error = e;
      }
      expect(error).not.toBeInstanceOf(DriverNotInstalledError);
      expect(error).toMatchObject({ code: 'MODULE_NOT_FOUND' });
      expect((error as Error).message).toContain(`${MISSING}-dependency`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the built-in drivers name their packages', () => {
    expect(sqliteDialect.driver.packageName).toBe('sqlite3');
    expect(createEngine('sqlite://').url.scheme).toBe('sqlite');
  });
});
