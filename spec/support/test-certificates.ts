/**
 * A throwaway certificate authority and a server certificate for `localhost`, made with the
 * openssl command line in a temp directory, for TLS tests against private servers. A second,
 * unrelated CA lets a test prove that verification really checks the chain.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCertificates {
  readonly dir: string;
  /** The CA that signed the server certificate (PEM path). */
  readonly ca: string;
  /** A CA that signed nothing here. */
  readonly otherCa: string;
  /** Server certificate, subjectAltName DNS:localhost only (so 127.0.0.1 fails a host-name check). */
  readonly serverCert: string;
  readonly serverKey: string;
  remove(): void;
}

export async function makeTestCertificates(): Promise<TestCertificates> {
  const dir = mkdtempSync(join(tmpdir(), 'athanor-tls-'));
  const p = (name: string): string => join(dir, name);
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  const ossl = (args: string[]): Promise<unknown> => run('openssl', args, { cwd: dir, timeout: 30_000 });
  await ossl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('ca.key'),
    '-out',
    p('ca.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=athanor test CA',
  ]);
  await ossl([
    'req',
    '-x509',
    ...ec,
    '-keyout',
    p('other.key'),
    '-out',
    p('other.pem'),
    '-days',
    '2',
    '-subj',
    '/CN=unrelated CA',
  ]);
  await ossl(['req', ...ec, '-keyout', p('server.key'), '-out', p('server.csr'), '-subj', '/CN=localhost']);
  writeFileSync(p('ext.cnf'), 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\n');
  await ossl([
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.pem'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-out',
    p('server.pem'),
    '-days',
    '2',
    '-extfile',
    p('ext.cnf'),
  ]);
  return {
    dir,
    ca: p('ca.pem'),
    otherCa: p('other.pem'),
    serverCert: p('server.pem'),
    serverKey: p('server.key'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
