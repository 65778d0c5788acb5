/**
 * A column's changed attributes as one alterColumn operation, restating what the database's
 * form of the change needs (MySQL's MODIFY restates the whole column).
 */
import type * as o from '../migration/operations';
import { columnSpecOf } from '../migration/specs';
import { sqlDefault } from '../schema/schema-options';
import type { SchemaChange } from './changes';

/** What the operations could not express: each a change the author must write by hand. */
export interface UnexpressedChange {
  /** The table it concerns, when there is one. */
  readonly table: string | undefined;
  /** What differs, for the author to handle by hand. */
  readonly reason: string;
}

type AlterColumnChange = Extract<SchemaChange, { kind: 'alterColumn' }>;

/**
 * The alterColumn operation for a change, or undefined when nothing in it can be expressed (a
 * column that starts or stops being generated is reported to `unexpressed` instead).
 */
export function alterColumnOp(
  c: AlterColumnChange,
  unexpressed: UnexpressedChange[],
): o.AlterColumnOp | undefined {
  const want = columnSpecOf(c.column);
  const op: Record<string, unknown> = {
    kind: 'alterColumn',
    table: c.table.name,
    column: c.column.name,
  };
  for (const d of c.changes) {
    switch (d.attribute) {
      case 'type':
        op['type'] = want.type;
        op['existingType'] = c.existing.type;
        break;
      case 'nullable':
        op['nullable'] = want.nullable;
        op['existingNullable'] = c.existing.nullable;
        break;
      case 'default':
        op['serverDefault'] = want.serverDefault ?? null;
        op['existingServerDefault'] =
          c.existing.default === undefined ? null : sqlDefault(c.existing.default);
        break;
      case 'comment':
        op['comment'] = want.comment ?? null;
        op['existingComment'] = c.existing.comment ?? null;
        break;
      case 'collation':
        op['collation'] = want.collation ?? null;
        op['existingCollation'] = c.existing.collation ?? null;
        break;
      case 'computed':
        if (want.computed === undefined || c.existing.computed === undefined) {
          unexpressed.push({
            table: c.table.name,
            reason: `column '${c.table.name}.${c.column.name}' ${want.computed === undefined ? 'stops' : 'starts'} being generated (${String(d.from)} → ${String(d.to)}): drop it and add it again, with the data it needs`,
          });
        } else {
          op['computed'] = want.computed;
          op['existingComputed'] = c.existing.computed;
        }
        break;
    }
  }
  if (Object.keys(op).length <= 3) return undefined;
  // A restated column (MySQL's MODIFY) keeps its collation and generated expression.
  if (op['existingCollation'] === undefined && c.existing.collation !== undefined)
    op['existingCollation'] = c.existing.collation;
  if (op['existingComputed'] === undefined && c.existing.computed !== undefined)
    op['existingComputed'] = c.existing.computed;
  // A type change restates nullability and default, which MySQL's MODIFY rewrites.
  if (
    op['type'] !== undefined ||
    op['nullable'] !== undefined ||
    op['serverDefault'] !== undefined ||
    op['collation'] !== undefined ||
    op['computed'] !== undefined
  ) {
    op['existingType'] ??= c.existing.type;
    op['existingNullable'] ??= c.existing.nullable;
    // MySQL's MODIFY restates the whole column: what it does not restate, it loses.
    if (op['existingServerDefault'] === undefined && c.existing.default !== undefined)
      op['existingServerDefault'] = sqlDefault(c.existing.default);
    if (op['existingComment'] === undefined && c.existing.comment !== undefined)
      op['existingComment'] = c.existing.comment;
  }
  return op as unknown as o.AlterColumnOp;
}
