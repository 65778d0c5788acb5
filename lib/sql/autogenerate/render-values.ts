/**
 * Values of migration operations as TypeScript: types as `op.types.…(…)` factory calls, SQL
 * defaults as `op.sqlDefault('…')`, lists and objects on one line where they fit.
 */
import { ArgumentError } from '../../errors';
import { SqlType, isKind } from '../types/sql-type';

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A TypeScript string literal. */
export function tsString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

function options(entries: Record<string, unknown>): string {
  const parts = Object.entries(entries)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => `${k}: ${renderValue(v, '')}`);
  return parts.length ? `{ ${parts.join(', ')} }` : '';
}

/** A column type as the factory call that makes it. */
export function renderType(type: SqlType<unknown>, factory = 'op.types'): string {
  const t = factory;
  if (isKind(type, 'integer')) return `${t}.integer(${options({ unsigned: type.unsigned })})`;
  if (isKind(type, 'smallInteger')) return `${t}.smallInteger(${options({ unsigned: type.unsigned })})`;
  if (isKind(type, 'bigInteger'))
    return `${t}.bigInteger(${options({ mode: type.mode === 'bigint' ? undefined : type.mode, unsigned: type.unsigned })})`;
  if (isKind(type, 'float')) return `${t}.float()`;
  if (isKind(type, 'numeric')) {
    if (type.precision === undefined) return `${t}.numeric()`;
    return `${t}.numeric(${type.precision}, ${type.scale ?? 0}${type.asNumber ? ', { asNumber: true }' : ''})`;
  }
  if (isKind(type, 'string')) return `${t}.string(${type.length ?? ''})`;
  if (isKind(type, 'text')) return `${t}.text()`;
  if (isKind(type, 'uuid')) return `${t}.uuid()`;
  if (isKind(type, 'boolean')) return `${t}.boolean()`;
  if (isKind(type, 'date')) return `${t}.date()`;
  if (isKind(type, 'time')) return `${t}.time()`;
  if (isKind(type, 'json')) return `${t}.json()`;
  if (isKind(type, 'dateTime'))
    return `${t}.dateTime(${options({ timezone: type.timezone, precision: type.precision })})`;
  if (isKind(type, 'binary')) return `${t}.binary(${type.length ?? ''})`;
  if (isKind(type, 'array')) return `${t}.array(${renderType(type.item, factory)})`;
  if (isKind(type, 'enum')) {
    const values = `[${type.values.map(tsString).join(', ')}]`;
    const renamed = 'renamedValues' in type ? (type.renamedValues as Record<string, string>) : {};
    const opts = options({
      name: type.typeName,
      renamedValues: Object.keys(renamed).length ? renamed : undefined,
    });
    return `${t}.enum(${values}${opts ? `, ${opts}` : ''})`;
  }
  if (isKind(type, 'custom')) {
    const affinity = type.affinity === 'other' ? '' : `, { affinity: ${tsString(type.affinity)} }`;
    return `${t}.custom(${tsString(type.sql)}${affinity})`;
  }
  throw new ArgumentError(`autogenerate cannot write a column of type '${type.name}' into a migration`);
}

function isSqlDefault(v: object): v is { kind: 'SqlDefault'; sql: string } {
  return (v as { kind?: unknown }).kind === 'SqlDefault' && typeof (v as { sql?: unknown }).sql === 'string';
}

/** A value of an operation as TypeScript, indented for nesting. */
export function renderValue(v: unknown, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return tsString(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'bigint') return `${v}n`;
  if (v instanceof SqlType) return renderType(v as SqlType<unknown>);
  if (Array.isArray(v)) {
    const items = v.map((x) => renderValue(x, `${indent}  `));
    const flat = `[${items.join(', ')}]`;
    return flat.length + indent.length <= 100 && !flat.includes('\n')
      ? flat
      : `[\n${items.map((x) => `${indent}  ${x},`).join('\n')}\n${indent}]`;
  }
  if (typeof v === 'object') {
    if (isSqlDefault(v)) return `op.sqlDefault(${tsString(v.sql)})`;
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    const items = entries.map(
      ([k, x]) => `${IDENTIFIER.test(k) ? k : tsString(k)}: ${renderValue(x, `${indent}  `)}`,
    );
    const flat = `{ ${items.join(', ')} }`;
    return flat.length + indent.length <= 100 && !flat.includes('\n')
      ? flat
      : `{\n${items.map((x) => `${indent}  ${x},`).join('\n')}\n${indent}}`;
  }
  throw new ArgumentError(`autogenerate cannot write ${typeof v} values into a migration`);
}
