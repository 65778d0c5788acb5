/** Machine, Node and package versions for the report header. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** Reads `<dir>/node_modules/<pkg>/package.json` directly: some packages do not export it. */
function versionOf(pkg: string, dir: string): string {
  try {
    const file = path.join(dir, 'node_modules', pkg, 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return 'not installed';
  }
}

export function describeMachine(versions: string[]): string[] {
  const cpus = os.cpus();
  const benchDir = path.join(__dirname, '..');
  const mikroDir = path.join(benchDir, 'node_modules', '@mikro-orm', 'postgresql');
  const rootDir = path.join(benchDir, '..');
  const pkgs = [
    'pg',
    'typeorm',
    '@mikro-orm/core',
    '@mikro-orm/postgresql',
    '@mikro-orm/mysql',
    '@mikro-orm/better-sqlite',
    'sequelize',
    'drizzle-orm',
    'kysely',
    '@prisma/client',
    'mariadb',
  ];
  const drivers = ['mysql2', 'sqlite3', 'better-sqlite3'];
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpus[0]?.model ?? 'unknown cpu'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.platform()} ${os.release()}`,
    `- Node ${process.version}; ${versions.join(', ')}`,
    `- Packages: ${pkgs.map((p) => `${p} ${versionOf(p, benchDir)}`).join(', ')} (MikroORM's own pg: ${versionOf('pg', mikroDir)}); ` +
      `drivers from the root package: ${drivers.map((p) => `${p} ${versionOf(p, rootDir)}`).join(', ')}`,
  ];
}

/**
 * The share of the machine's CPU time its host took for other guests (Linux's `steal`) from now
 * until the returned function is called; undefined where `/proc/stat` does not say. A virtual
 * machine whose host is busy loses time in bursts, and wall-clock comparisons made meanwhile
 * move by more than the differences they are meant to show.
 */
export function stealSince(): () => number | undefined {
  const read = (): number[] | undefined => {
    try {
      const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
      return line.trim().split(/\s+/).slice(1).map(Number);
    } catch {
      return undefined;
    }
  };
  const before = read();
  return () => {
    const after = read();
    // user nice system idle iowait irq softirq steal: steal is the eighth field.
    if (before === undefined || after === undefined || after.length < 8) return undefined;
    const delta = after.slice(0, 8).map((v, i) => v - before[i]!);
    const total = delta.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : delta[7]! / total;
  };
}
