/**
 * Nodes are made in one place and never change: every node of a statement is frozen, carries only
 * the fields NODE_FIELDS declares for its kind, and every list in it is frozen too.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  and,
  caseWhen,
  deleteFrom,
  excluded,
  exists,
  func,
  insert,
  literalColumn,
  select,
  text,
  tuple,
  types,
  union,
  update,
  valuesTable,
  type Executable,
} from '../../lib/sql';
import { NODE_FIELDS } from '../../lib/sql/nodes/node-fields';
import { employees, posts, users } from './fixtures';

const KNOWN: Readonly<Record<string, { fields: readonly string[]; values?: readonly string[] }>> =
  NODE_FIELDS;

/** Every problem found under `value`: an unfrozen node or list, or a field its kind does not declare. */
function problems(value: unknown, path = 'statement', seen = new Set<object>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return [];
  seen.add(value);
  if (Array.isArray(value)) {
    const own = Object.isFrozen(value) ? [] : [`${path} is a list that is not frozen`];
    return [...own, ...value.flatMap((item, i) => problems(item, `${path}[${i}]`, seen))];
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return []; // a column type
  const kind = (value as { kind?: unknown }).kind;
  if (typeof kind !== 'string') return [];
  const known = KNOWN[kind];
  if (known === undefined) return [`${path} has unknown kind ${kind}`];
  const allowed = new Set(['kind', ...known.fields, ...(known.values ?? [])]);
  const found: string[] = [];
  if (!Object.isFrozen(value)) found.push(`${path} (${kind}) is not frozen`);
  for (const key of Object.keys(value)) {
    if (!allowed.has(key)) found.push(`${path} (${kind}) has undeclared field ${key}`);
  }
  for (const field of known.fields) {
    found.push(...problems((value as Record<string, unknown>)[field], `${path}.${field}`, seen));
  }
  return found;
}

function treeOf(statement: Executable): unknown {
  return statement.toStatementNode();
}

const e = employees.alias('e');
const base = select(employees.c.id, employees.c.managerId)
  .where(employees.c.managerId.isNull())
  .cte('chain', { recursive: true });
const chain = base.unionAll(select(e.c.id, e.c.managerId).join(base, e.c.managerId.eq(base.c.id)));
const v = valuesTable('v', { p0: types.integer(), s0: types.string(50) }, [
  [1, 'a'],
  [2, 'b'],
]);
const perUser = select(posts.c.id).where(posts.c.userId.eq(users.c.id)).limit(1).lateral('p');

const STATEMENTS: Record<string, Executable> = {
  'select with joins, grouping, ordering, paging and locking': select(
    users.c.name,
    func.count(posts.c.id).as('n'),
  )
    .join(posts, posts.c.userId.eq(users.c.id))
    .where(
      users.c.age.between(18, 65),
      users.c.email.isNotNull(),
      users.c.name.like('a%'),
      users.c.id.in([1, 2, 3]),
      tuple(users.c.id, users.c.age).in(select(posts.c.userId, posts.c.score)),
    )
    .groupBy(users.c.name)
    .having(func.count(posts.c.id).gt(1))
    .orderBy(users.c.name.desc())
    .limit(10)
    .offset(5)
    .forUpdate({ of: [users] }),
  'window, case, cast, exists, scalar subquery': select(
    func
      .rowNumber()
      .over({
        partitionBy: [posts.c.userId],
        orderBy: [posts.c.score.desc()],
        frame: { rows: [{ preceding: 2 }, 'currentRow'] },
      })
      .as('r'),
    caseWhen().when(users.c.active, users.c.name).else('-').as('c'),
    users.c.age.neg().cast(types.string(10)).as('s'),
    select(func.max(posts.c.score)).where(posts.c.userId.eq(users.c.id)).scalarSubquery().as('best'),
  ).where(exists(select(posts.c.id).where(posts.c.userId.eq(users.c.id)))),
  'a recursive CTE': select(chain.c.id).with(chain),
  'a set operation': union(
    select(users.c.id).where(users.c.age.lt(18)),
    select(users.c.id).where(users.c.age.gt(65)),
  ),
  'a lateral subquery': select(users.c.id, perUser.c.id).join(
    perUser,
    and(users.c.active.eq(true), users.c.id.gt(0)),
  ),
  'an upsert with RETURNING': insert(users)
    .values([{ id: 1, name: 'a' }])
    .onConflictDoUpdate({ target: [users.c.id], set: { name: excluded(users.c.name) } })
    .returning(users.c.id),
  'update from a VALUES table': update(users).set({ name: v.c.s0 }).from(v).where(users.c.id.eq(v.c.p0)),
  'delete with RETURNING': deleteFrom(users).where(users.c.id.eq(1)).returning(users.c.name.as('nm')),
  'literal SQL in a select list': select(literalColumn('1 + 2', types.integer()).as('t')),
  'a text statement': text('SELECT :a', { a: 1 }),
};

describe('statement nodes', () => {
  it.each(Object.entries(STATEMENTS))(
    '%s: every node frozen and shaped as NODE_FIELDS declares',
    (_name, stmt) => {
      expect(problems(treeOf(stmt))).toEqual([]);
    },
  );

  it('the check finds an unfrozen node, an unfrozen list and an undeclared field (it can fail)', () => {
    const bad = { kind: 'Logical', op: 'AND', operands: [{ kind: 'Null', extra: 1 }] };
    expect(problems(bad)).toEqual([
      'statement (Logical) is not frozen',
      'statement.operands is a list that is not frozen',
      'statement.operands[0] (Null) is not frozen',
      'statement.operands[0] (Null) has undeclared field extra',
    ]);
  });
});

describe('where nodes are made', () => {
  const LIB = resolve(__dirname, '../../lib');
  const FACTORY_FILES = new Set(['sql/nodes/factories.ts', 'sql/schema/ddl-nodes.ts']);
  const KINDS = [
    ...Object.keys(NODE_FIELDS),
    'CreateTable',
    'DropTable',
    'CreateIndex',
    'DropIndex',
    'CreateEnumType',
    'DropEnumType',
  ];
  // `kind: 'Join'` as a value (a type member reads `readonly kind: 'Join'`).
  const literal = new RegExp(`(?<!readonly )kind:\\s*'(${KINDS.join('|')})'`);
  // A node copied with a spread and frozen by hand, instead of through its factory.
  const spreadCopy = /freeze\(\{\s*\.\.\.[\w.]*node\b/i;

  function tsFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      return statSync(path).isDirectory() ? tsFiles(path) : path.endsWith('.ts') ? [path] : [];
    });
  }

  it('no node literal is written outside the factories', () => {
    const offending = tsFiles(LIB)
      .filter((file) => !FACTORY_FILES.has(relative(LIB, file).replace(/\\/g, '/')))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(LIB, file)}:${i + 1}` }))
          .filter(({ line }) => literal.test(line) || spreadCopy.test(line))
          .map(({ at, line }) => `${at}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });

  it('the patterns find a hand-built node (they can fail)', () => {
    expect(literal.test("const j = Object.freeze({ kind: 'Join', type: 'INNER' });")).toBe(true);
    expect(spreadCopy.test('Object.freeze({ ...statement.node, limit: undefined })')).toBe(true);
    expect(literal.test("tokens.push({ kind: 'word' })")).toBe(false);
  });
});
