import type * as n from '../../sql/nodes';
import { MysqlCompiler } from '../mysql/compiler';
import { mariadbCapabilities } from './capabilities';

/** MariaDB: MySQL's dialect plus INSERT/DELETE … RETURNING (10.5+) and CREATE INDEX IF NOT EXISTS. */
export class MariadbCompiler extends MysqlCompiler {
  override readonly dialect = 'mariadb' as const;
  override readonly capabilities = mariadbCapabilities;

  protected override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.of.length) this.unsupported('FOR UPDATE OF');
    this.write(node.mode === 'SHARE' ? ' LOCK IN SHARE MODE' : ' FOR UPDATE');
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }

  protected override indexExpression(): string {
    return this.unsupported('an expression in an index (MariaDB has none: index a generated column instead)');
  }
}
