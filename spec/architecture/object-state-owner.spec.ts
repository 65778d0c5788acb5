import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

/**
 * One owner for object state: an `InstanceState`'s `status`, `key`, `owner` and `wasDeleted` are
 * written only by the session's unit of work, which records each move in the transaction that
 * made it (so rollback can restore exactly what the transaction touched).
 */
const LIB = resolve(__dirname, '../../lib');
/** The layers that see `InstanceState` (the layers below cannot import it, see layers.spec.ts). */
const SCANNED = ['mapper', 'decorators', 'session'];
const OWNER = 'session/unit-of-work.ts';
const WRITE = /\.(status|key|owner|wasDeleted)\s*=(?!=)/;

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('object state transitions', () => {
  const writes = SCANNED.flatMap((dir) => tsFiles(join(LIB, dir))).flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .map((line, i) => ({ file: relative(LIB, file).replace(/\\/g, '/'), line: i + 1, text: line.trim() }))
      .filter((l) => !l.text.startsWith('//') && !l.text.startsWith('*') && WRITE.test(l.text)),
  );

  it('finds the writes of the owner (the check can fail)', () => {
    expect(writes.some((w) => w.file === OWNER)).toBe(true);
  });

  it('are written only by lib/session/unit-of-work.ts', () => {
    expect(writes.filter((w) => w.file !== OWNER).map((w) => `${w.file}:${w.line}: ${w.text}`)).toEqual([]);
  });
});
