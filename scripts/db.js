#!/usr/bin/env node
/**
 * `npm run db:up` / `npm run db:down`: the five-database matrix of docker-compose.yml, through
 * the `docker-compose` package (which runs `docker compose`). `db:up` waits until every server
 * reports healthy, then prints the environment the integration suites read.
 *
 *   npm run db:up               # all five
 *   npm run db:up -- oracle     # some of them
 */
'use strict';
const path = require('node:path');
const compose = require('docker-compose');

const cwd = path.resolve(__dirname, '..');
const [command, ...services] = process.argv.slice(2);

const URLS = {
  postgresql: 'ATHANOR_POSTGRESQL_URL=postgresql://postgres@127.0.0.1:5432/test',
  mariadb: 'ATHANOR_MYSQL_URL=mysql://root@127.0.0.1:3306/test',
  mysql8: 'ATHANOR_MYSQL8_URL=mysql://root@127.0.0.1:3307/test',
  mssql: 'ATHANOR_MSSQL_URL=mssql://sa:Athanor_Passw0rd@127.0.0.1:1433/master',
  oracle: 'ATHANOR_ORACLE_URL=oracle://athanor:athanor@127.0.0.1:1521/FREEPDB1',
};

async function main() {
  const options = { cwd, log: true };
  if (command === 'up') {
    const up = { ...options, commandOptions: ['--wait'] };
    await (services.length ? compose.upMany(services, up) : compose.upAll(up));
    const started = services.length ? services : Object.keys(URLS);
    console.log('\nDatabases are up. Run the whole matrix with:\n');
    const names = started.map((s) => (s === 'mariadb' ? 'mysql' : s));
    console.log(`  export ATHANOR_TEST_DIALECTS=sqlite,${names.join(',')}`);
    for (const s of started) if (URLS[s]) console.log(`  export ${URLS[s]}`);
    console.log('  npm test\n');
  } else if (command === 'down') {
    await compose.down({ ...options, commandOptions: ['--volumes'] });
  } else {
    console.error('usage: node scripts/db.js up [service…] | down');
    process.exitCode = 2;
  }
}

main().catch((e) => {
  console.error(e && e.err ? e.err : e);
  console.error('Is Docker running? `docker compose version` must work.');
  process.exitCode = 1;
});
