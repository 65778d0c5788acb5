/**
 * Codegen: a reflected schema as decorated entity classes, one TypeScript module. Columns keep
 * their database names (`name:`) under camelCase properties; each foreign key becomes a
 * many-to-one and its reverse collection; a table made only of two foreign keys (an association
 * table) also gives its two ends a many-to-many through it.
 */
import type {
  ReflectedColumn,
  ReflectedForeignKey,
  ReflectedSchema,
  ReflectedTable,
} from '../reflection/model';
import { isKind, type SqlType } from '../types/sql-type';
import { renderType, tsString } from './render';

/** Options of `generateEntities()`. */
export interface CodegenOptions {
  /** The module the decorators are imported from. Default `'athanor'`. */
  readonly importFrom?: string;
  /** Only these tables (all by default). */
  readonly tables?: readonly string[];
}

const RESERVED = new Set([
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'toJSON',
  'then',
  'class',
  'function',
  'delete',
  'new',
  'default',
]);

function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== '');
}

const cap = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase();

function pascal(name: string): string {
  const s = words(name).map(cap).join('');
  return /^[A-Za-z_]/.test(s) ? s : `T${s}`;
}

function camel(name: string): string {
  const p = pascal(name);
  const s = p.charAt(0).toLowerCase() + p.slice(1);
  return RESERVED.has(s) ? `${s}_` : s;
}

function plural(name: string): string {
  if (/[^aeiou]y$/i.test(name)) return `${name.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/i.test(name)) return `${name}es`;
  return `${name}s`;
}

/** A name not yet in `taken` (adds it). */
function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}${i}`;
  taken.add(name);
  return name;
}

/** The TypeScript type of a column's values. */
function valueType(type: SqlType<unknown>): string {
  if (isKind(type, 'integer') || isKind(type, 'smallInteger') || isKind(type, 'float')) return 'number';
  if (isKind(type, 'bigInteger')) return type.mode === 'bigint' ? 'bigint' : type.mode;
  if (isKind(type, 'numeric')) return type.asNumber ? 'number' : 'string';
  if (isKind(type, 'boolean')) return 'boolean';
  if (isKind(type, 'date') || isKind(type, 'dateTime')) return 'Date';
  if (isKind(type, 'binary')) return 'Buffer';
  if (isKind(type, 'enum')) return type.values.map(tsString).join(' | ');
  if (isKind(type, 'array')) return `${valueType(type.item)}[]`;
  if (isKind(type, 'json') || isKind(type, 'custom')) return 'unknown';
  return 'string';
}

interface ClassPlan {
  readonly table: ReflectedTable;
  readonly className: string;
  readonly props: Map<string, string>; // column name → property key
  readonly taken: Set<string>;
  readonly lines: string[]; // relationship lines
}

/** Whether a table only links two others: every column in one of exactly two foreign keys. */
function isAssociation(t: ReflectedTable): boolean {
  if (t.foreignKeys.length !== 2 || t.columns.length < 2) return false;
  const fkColumns = new Set(t.foreignKeys.flatMap((fk) => fk.columns));
  return t.columns.every((c) => fkColumns.has(c.name));
}

function columnLine(plan: ClassPlan, c: ReflectedColumn, pk: readonly string[]): string {
  const isPk = pk.includes(c.name);
  const key = plan.props.get(c.name)!;
  const opts: string[] = [];
  if (key !== c.name) opts.push(`name: ${tsString(c.name)}`);
  opts.push(`type: ${renderType(c.type, 'types')}`);
  if (isPk) opts.push('primaryKey: true');
  const integer = ['integer', 'bigint'].includes(c.type.affinity);
  const hasFk = plan.table.foreignKeys.some((fk) => fk.columns.length === 1 && fk.columns[0] === c.name);
  const defaultAuto = isPk && pk.length === 1 && integer && !hasFk;
  if (c.autoincrement !== defaultAuto) opts.push(`autoincrement: ${c.autoincrement}`);
  if (!isPk && !c.nullable) opts.push('nullable: false');
  if (c.default !== undefined) opts.push(`serverDefault: sqlDefault(${tsString(c.default)})`);
  if (c.comment !== undefined) opts.push(`comment: ${tsString(c.comment)}`);
  const fk = plan.table.foreignKeys.find((f) => f.columns.length === 1 && f.columns[0] === c.name);
  if (fk !== undefined) {
    opts.push(`foreignKey: ${tsString(`${fk.referredTable}.${fk.referredColumns[0]}`)}`);
    if (fk.onDelete !== undefined) opts.push(`onDelete: ${tsString(fk.onDelete)}`);
    if (fk.onUpdate !== undefined) opts.push(`onUpdate: ${tsString(fk.onUpdate)}`);
  }
  const ts = valueType(c.type) + (c.nullable && !isPk ? ' | null' : '');
  return `  @Column({ ${opts.join(', ')} }) ${key}!: ${ts};`;
}

function tableOptions(plan: ClassPlan): string {
  const t = plan.table;
  const key = (c: string): string => tsString(plan.props.get(c) ?? c);
  const parts: string[] = [];
  const composite = t.foreignKeys.filter((fk) => fk.columns.length > 1);
  if (composite.length) {
    const fks = composite.map(
      (fk) =>
        `{ ${fk.name === undefined ? '' : `name: ${tsString(fk.name)}, `}columns: [${fk.columns.map(key).join(', ')}], references: [${fk.referredColumns
          .map((c) => tsString(`${fk.referredTable}.${c}`))
          .join(
            ', ',
          )}]${fk.onDelete ? `, onDelete: ${tsString(fk.onDelete)}` : ''}${fk.onUpdate ? `, onUpdate: ${tsString(fk.onUpdate)}` : ''} }`,
    );
    parts.push(`foreignKeys: [${fks.join(', ')}]`);
  }
  const indexes = t.indexes
    .filter((ix) => !ix.implicit)
    .map(
      (ix) =>
        `{ name: ${tsString(ix.name)}, columns: [${ix.elements
          .map((e) => (typeof e === 'string' ? key(e) : `{ sql: ${tsString(e.sql)} }`))
          .join(
            ', ',
          )}]${ix.unique ? ', unique: true' : ''}${ix.where === undefined ? '' : `, where: ${tsString(ix.where)}`}${ix.using === undefined ? '' : `, using: ${tsString(ix.using)}`} }`,
    );
  if (indexes.length) parts.push(`indexes: [${indexes.join(', ')}]`);
  const uniques = t.uniques.map(
    (u) =>
      `{ ${u.name === undefined ? '' : `name: ${tsString(u.name)}, `}columns: [${u.columns.map(key).join(', ')}] }`,
  );
  if (uniques.length) parts.push(`uniques: [${uniques.join(', ')}]`);
  const checks = t.checks.map(
    (c) => `{ ${c.name === undefined ? '' : `name: ${tsString(c.name)}, `}sql: ${tsString(c.sql)} }`,
  );
  if (checks.length) parts.push(`checks: [${checks.join(', ')}]`);
  if (t.comment !== undefined) parts.push(`comment: ${tsString(t.comment)}`);
  if (t.sqlite.strict || t.sqlite.withoutRowid) {
    parts.push(
      `sqlite: { ${[t.sqlite.strict ? 'strict: true' : '', t.sqlite.withoutRowid ? 'withoutRowid: true' : ''].filter(Boolean).join(', ')} }`,
    );
  }
  return parts.length ? `, { ${parts.join(', ')} }` : '';
}

/** The name of a many-to-one from its foreign key: `ArtistId` → `artist`, `reports_to` → `reportsToEmployee`. */
function manyToOneName(fk: ReflectedForeignKey, target: ClassPlan): string {
  if (fk.columns.length === 1) {
    const stripped = fk.columns[0]!.replace(/_?id$/i, '');
    if (stripped !== '' && stripped !== fk.columns[0]) return camel(stripped);
    return `${camel(fk.columns[0]!)}${target.className}`;
  }
  return camel(target.className);
}

/**
 * Decorated entity classes for the reflected tables, as one module's source.
 *
 * @example writeFileSync('entities.ts', generateEntities(await engine.reflectSchema()))
 */
export function generateEntities(schema: ReflectedSchema, options: CodegenOptions = {}): string {
  const wanted = options.tables === undefined ? undefined : new Set(options.tables);
  const tables = schema.tables.filter((t) => wanted === undefined || wanted.has(t.name));
  const classNames = new Set<string>();
  const plans = new Map<string, ClassPlan>();
  for (const t of tables) {
    const taken = new Set<string>();
    const props = new Map(t.columns.map((c) => [c.name, unique(camel(c.name), taken)]));
    plans.set(t.name.toLowerCase(), {
      table: t,
      className: unique(pascal(t.name), classNames),
      props,
      taken,
      lines: [],
    });
  }
  const planOf = (name: string): ClassPlan | undefined => plans.get(name.toLowerCase());

  for (const plan of plans.values()) {
    const t = plan.table;
    const pairs = new Map<string, number>();
    for (const fk of t.foreignKeys)
      pairs.set(fk.referredTable.toLowerCase(), (pairs.get(fk.referredTable.toLowerCase()) ?? 0) + 1);
    for (const fk of t.foreignKeys) {
      const target = planOf(fk.referredTable);
      if (target === undefined) continue;
      const selfRef = target === plan;
      const ambiguous = selfRef || pairs.get(fk.referredTable.toLowerCase())! > 1;
      const one = unique(manyToOneName(fk, target), plan.taken);
      const many = unique(
        ambiguous ? `${camel(plural(plan.className))}By${pascal(one)}` : camel(plural(plan.className)),
        target.taken,
      );
      const fkKeys = fk.columns.map((c) => plan.props.get(c)!);
      const fkOption = ambiguous
        ? `, foreignKey: ${fkKeys.length === 1 ? tsString(fkKeys[0]!) : `[${fkKeys.map(tsString).join(', ')}]`}`
        : '';
      const remote = selfRef
        ? `, remoteSide: ${tsString(target.props.get(fk.referredColumns[0]!) ?? fk.referredColumns[0]!)}`
        : '';
      const nullable = fk.columns.some((c) => t.columns.find((col) => col.name === c)?.nullable);
      plan.lines.push(
        `  @Relationship(() => ${target.className}, { backPopulates: ${tsString(many)}${fkOption}${remote} }) ${one}!: Rel<${target.className}>${nullable ? ' | null' : ''};`,
      );
      target.lines.push(
        `  @Relationship(() => ${plan.className}, { backPopulates: ${tsString(one)}${fkOption} }) ${many}!: Rel<${plan.className}[]>;`,
      );
    }
    if (isAssociation(t)) {
      const [a, b] = t.foreignKeys.map((fk) => planOf(fk.referredTable));
      if (a !== undefined && b !== undefined && a !== b) {
        const toB = unique(`${camel(plural(b.className))}Via${plan.className}`, a.taken);
        const toA = unique(`${camel(plural(a.className))}Via${plan.className}`, b.taken);
        a.lines.push(
          `  @Relationship(() => ${b.className}, { secondary: ${tsString(t.name)}, backPopulates: ${tsString(toA)}, viewonly: true }) ${toB}!: Rel<${b.className}[]>;`,
        );
        b.lines.push(
          `  @Relationship(() => ${a.className}, { secondary: ${tsString(t.name)}, backPopulates: ${tsString(toB)}, viewonly: true }) ${toA}!: Rel<${a.className}[]>;`,
        );
      }
    }
  }

  const body: string[] = [];
  for (const plan of plans.values()) {
    const t = plan.table;
    const pk = t.primaryKey?.columns ?? [];
    if (pk.length === 0) {
      body.push(`// ${t.name}: no primary key, so no entity (map it as a Core table instead)`, '');
      continue;
    }
    body.push(`@Table(${tsString(t.name)}${tableOptions(plan)})`);
    body.push(`export class ${plan.className} {`);
    for (const c of t.columns) body.push(columnLine(plan, c, pk));
    body.push(...plan.lines);
    body.push('}', '');
  }
  const text = body.join('\n');
  const names = ['Column', 'Table', 'types'];
  if (text.includes('@Relationship(')) names.push('Relationship', 'type Rel');
  if (text.includes('sqlDefault(')) names.push('sqlDefault');
  return [
    '// Generated by athanor codegen from the database schema. Edit freely: it is your code now.',
    `import { ${names.join(', ')} } from ${tsString(options.importFrom ?? 'athanor')};`,
    '',
    text,
  ].join('\n');
}
