import type { SchemaChange } from '../../lib/sql/autogenerate';

/** What a change is about, for readable expectations. */
export function describeChange(c: SchemaChange): string {
  switch (c.kind) {
    case 'addTable':
    case 'changeTableComment':
    case 'changeTableOptions':
    case 'changePrimaryKey':
      return `${c.kind} ${c.table.name}`;
    case 'removeTable':
      return `${c.kind} ${c.existing.name}`;
    case 'renameTable':
      return `${c.kind} ${c.from}->${c.table.name}`;
    case 'addColumn':
      return `${c.kind} ${c.column.name}`;
    case 'removeColumn':
      return `${c.kind} ${c.existing.name}`;
    case 'renameColumn':
      return `${c.kind} ${c.from}->${c.column.name}`;
    case 'alterColumn':
      return `${c.kind} ${c.column.name} ${c.changes.map((d) => d.attribute).join(',')}${c.narrowing ? ' narrowing' : ''}`;
    case 'addIndex':
      return `${c.kind} ${c.index.name}`;
    case 'removeIndex':
      return `${c.kind} ${c.existing.name}`;
    case 'addUnique':
      return `${c.kind} ${c.unique.columns.map((x) => x.name).join(',')}`;
    case 'removeUnique':
      return `${c.kind} ${c.existing.columns.join(',')}`;
    case 'addForeignKey':
      return `${c.kind} ${c.foreignKey.columns.map((x) => x.name).join(',')}`;
    case 'removeForeignKey':
      return `${c.kind} ${c.existing.columns.join(',')}`;
    case 'addCheck':
      return `${c.kind} ${c.check.name ?? c.check.sql}`;
    case 'removeCheck':
      return `${c.kind} ${c.existing.name ?? c.existing.sql}`;
    case 'addEnum':
    case 'addEnumValue':
    case 'renameEnumValue':
    case 'recreateEnum':
      return `${c.kind} ${c.name}`;
    case 'removeEnum':
      return `${c.kind} ${c.existing.name}`;
  }
}

/** A change with the attribute values that differ, for failure messages. */
export function detailChange(c: SchemaChange): string {
  const base = `${describeChange(c)} [${'table' in c && typeof c.table === 'object' ? c.table.name : ''}]`;
  if (c.kind !== 'alterColumn') return base;
  return `${base} ${c.changes.map((x) => `${x.attribute}: ${String(x.from)} -> ${String(x.to)}`).join('; ')}`;
}
