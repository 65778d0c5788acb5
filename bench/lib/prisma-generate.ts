/**
 * Generates the Prisma client of one schema in `bench/prisma/` into the git-ignored
 * `bench/.prisma-client/<provider>/`, with the locally installed prisma CLI, when the schema or the
 * CLI version changed since the last generation.
 *
 * Prisma 7's client needs no engine binary (its query compiler is WebAssembly shipped in the npm
 * package; the driver adapter runs the SQL), but `prisma generate` still looks for the schema
 * engine binary and downloads it from binaries.prisma.sh when missing, although generating never
 * runs it. `PRISMA_SCHEMA_ENGINE_BINARY` names a file that exists instead (node itself), so the
 * bench needs no network beyond the npm registry.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export type PrismaProvider = 'postgresql' | 'mysql' | 'sqlite';

const BENCH = path.join(__dirname, '..');

/** Generates (if needed) and returns the path of the generated `client` module for `provider`. */
export function prismaClientModule(provider: PrismaProvider): string {
  const schema = path.join(BENCH, 'prisma', `${provider}.prisma`);
  const out = path.join(BENCH, '.prisma-client', provider);
  const pkg = require.resolve('prisma/package.json', { paths: [BENCH] });
  const { version, bin } = JSON.parse(fs.readFileSync(pkg, 'utf8')) as {
    version: string;
    bin: { prisma: string };
  };
  const stamp = path.join(out, '.generated-from');
  const hash = createHash('sha256').update(version).update(fs.readFileSync(schema)).digest('hex');
  if (!fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== hash) {
    try {
      execFileSync(
        process.execPath,
        [path.join(path.dirname(pkg), bin.prisma), 'generate', '--schema', schema],
        {
          cwd: BENCH,
          stdio: 'pipe',
          env: {
            ...process.env,
            PRISMA_SCHEMA_ENGINE_BINARY: process.execPath,
            CHECKPOINT_DISABLE: '1',
            PRISMA_HIDE_UPDATE_MESSAGE: '1',
          },
        },
      );
    } catch (err) {
      const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
      throw new Error(`prisma generate --schema ${schema} failed: ${stderr || String(err)}`, { cause: err });
    }
    fs.writeFileSync(stamp, hash);
  }
  return path.join(out, 'client');
}
