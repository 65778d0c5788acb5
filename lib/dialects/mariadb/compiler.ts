import { MysqlCompiler } from '../mysql/compiler';
import type * as n from '../../sql/nodes';

/** MariaDB's statements: MySQL's, with INSERT/DELETE … RETURNING (10.5+, from its capabilities) and LOCK IN SHARE MODE. */
export class MariadbCompiler extends MysqlCompiler {
  override sequenceNextValue(qualifiedName: string): string {
    return `nextval(${qualifiedName})`;
  }

  override visitForUpdate(node: n.ForUpdateNode): void {
    if (node.of.length) this.unsupported('FOR UPDATE OF');
    this.write(node.mode === 'SHARE' ? ' LOCK IN SHARE MODE' : ' FOR UPDATE');
    if (node.noWait) this.write(' NOWAIT');
    if (node.skipLocked) this.write(' SKIP LOCKED');
  }
}
