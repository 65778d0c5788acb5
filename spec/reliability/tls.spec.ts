import { copyFileSync, chownSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type Engine } from '../../lib';
import { ArgumentError, OperationalError } from '../../lib/errors';
import { text } from '../../lib/sql';
import { describeEachDialect } from '../support/dialects';
import { startPrivateMariadb, type PrivateMariadb } from '../support/private-mariadb';
import { startPrivatePostgresql, type PrivatePostgresql } from '../support/private-postgresql';
import { makeTestCertificates, type TestCertificates } from '../support/test-certificates';

/**
 * TLS asked for in a URL is honoured: each mode against a private server with TLS turned on
 * (a self-signed CA made for the test), and a server without TLS (the shared one) is refused,
 * never used in plaintext.
 */
const engines: Engine[] = [];
const open = (url: string): Engine => {
  const e = createEngine(url, { pool: { max: 1, acquireTimeoutMillis: 20_000 } });
  engines.push(e);
  return e;
};
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.dispose({ timeoutMillis: 1000 })));
});

/** The URL with its host replaced and `query` appended. */
function withTls(url: string, host: string, query: string): string {
  return `${url.replace('127.0.0.1', host)}?${query}`;
}

describeEachDialect(
  'TLS modes from the URL',
  (d) => {
    let certs: TestCertificates;
    let server: PrivatePostgresql | PrivateMariadb;
    const pg = d.target === 'postgresql';
    const modeKey = pg ? 'sslmode' : 'ssl-mode';
    const caKey = pg ? 'sslrootcert' : 'ssl-ca';
    const mode = (m: 'require' | 'verify-ca' | 'verify-full' | 'prefer'): string =>
      pg
        ? m
        : {
            require: 'REQUIRED',
            'verify-ca': 'VERIFY_CA',
            'verify-full': 'VERIFY_IDENTITY',
            prefer: 'PREFERRED',
          }[m];
    const encrypted = async (engine: Engine): Promise<boolean> => {
      const sql = pg
        ? 'SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()'
        : "SELECT VARIABLE_VALUE FROM information_schema.SESSION_STATUS WHERE VARIABLE_NAME = 'Ssl_cipher'";
      const v = (await engine.execute(text(sql))).scalar();
      return pg ? v === true : typeof v === 'string' && v !== '';
    };

    beforeAll(async () => {
      certs = await makeTestCertificates();
      if (pg) {
        server = await startPrivatePostgresql({
          prepare: (dir, owner) => {
            // The server reads its key as its own user, and refuses a key others can read.
            for (const [from, to] of [
              [certs.serverCert, 'server.pem'],
              [certs.serverKey, 'server.key'],
            ] as const) {
              const path = join(dir, 'data', to); // relative setting paths are read from the data directory
              copyFileSync(from, path);
              chownSync(path, owner.uid, owner.gid);
              chmodSync(path, 0o600);
            }
          },
          settings: { ssl: 'on', ssl_cert_file: 'server.pem', ssl_key_file: 'server.key' },
        });
      } else {
        server = await startPrivateMariadb({
          args: [`--ssl-ca=${certs.ca}`, `--ssl-cert=${certs.serverCert}`, `--ssl-key=${certs.serverKey}`],
        });
      }
    }, 120_000);
    afterAll(async () => {
      await server?.stop();
      certs?.remove();
    }, 60_000);

    it('require: encrypted, even without a CA', async () => {
      expect(await encrypted(open(withTls(server.url, '127.0.0.1', `${modeKey}=${mode('require')}`)))).toBe(
        true,
      );
    });

    it('verify-ca: the chain is checked against the CA file, not the host name', async () => {
      const ok = open(
        withTls(server.url, '127.0.0.1', `${modeKey}=${mode('verify-ca')}&${caKey}=${certs.ca}`),
      );
      expect(await encrypted(ok)).toBe(true);
      const wrongCa = open(
        withTls(server.url, '127.0.0.1', `${modeKey}=${mode('verify-ca')}&${caKey}=${certs.otherCa}`),
      );
      await expect(wrongCa.execute(text('SELECT 1'))).rejects.toThrow(OperationalError);
    });

    it('verify-full: the host name must match the certificate too', async () => {
      const ok = open(
        withTls(server.url, 'localhost', `${modeKey}=${mode('verify-full')}&${caKey}=${certs.ca}`),
      );
      expect(await encrypted(ok)).toBe(true);
      if (pg) {
        // The certificate names localhost only. (mysql2 checks the name only when the host is one.)
        const byIp = open(withTls(server.url, '127.0.0.1', `${modeKey}=verify-full&${caKey}=${certs.ca}`));
        await expect(byIp.execute(text('SELECT 1'))).rejects.toThrow(OperationalError);
      }
    });

    it('a server without TLS is refused, never used in plaintext', async () => {
      // The shared server runs without TLS.
      const plain = open(withTls(d.url.split('?')[0]!, '127.0.0.1', `${modeKey}=${mode('require')}`));
      await expect(plain.execute(text('SELECT 1'))).rejects.toThrow(OperationalError);
    });

    it('modes that may fall back to plaintext, unknown modes and unreadable CA files are ArgumentErrors', async () => {
      await expect(
        open(withTls(server.url, '127.0.0.1', `${modeKey}=${mode('prefer')}`)).execute(text('SELECT 1')),
      ).rejects.toThrow(ArgumentError);
      await expect(
        open(withTls(server.url, '127.0.0.1', `${modeKey}=sometimes`)).execute(text('SELECT 1')),
      ).rejects.toThrow(new RegExp(`unknown ${modeKey}`));
      await expect(
        open(
          withTls(server.url, '127.0.0.1', `${modeKey}=${mode('verify-ca')}&${caKey}=/nonexistent/ca.pem`),
        ).execute(text('SELECT 1')),
      ).rejects.toThrow(new RegExp(`${caKey}: cannot read /nonexistent/ca.pem`));
    });
  },
  { only: ['postgresql', 'mysql'] },
);
