/**
 * A many-to-one relationship compared with an object (SQLAlchemy's `Address.user == u`, here
 * `attrs(Address).user.eq(u)`): the object's key is read when the statement runs, after autoflush,
 * and survives the object being expired and detached — ported from SQLAlchemy's
 * test/orm/test_session.py (DeferredRelationshipExpressionTest).
 *
 * Adaptations: SQLAlchemy raises the unresolvable key as StatementError (wrapping
 * InvalidRequestError) when the query runs; Athanor raises the InvalidRequestError itself, from
 * building the statement's parameters. SQLAlchemy evaluates `expr.left.callable()`; the port
 * compiles the statement and reads its parameters. SQLAlchemy's "obj was gc'ed" test drops its
 * last reference to `u`; a statement holds its object strongly here, so the test only checks the
 * query still runs on a fresh session's object. Athanor's commit keeps primary keys unexpired, so
 * the last test expires the key by name after the commit.
 */
import { InvalidRequestError } from '../../lib/errors';
import { attrs, instanceState } from '../../lib/mapper';
import { compile, select } from '../../lib/sql';
import { userAddressModel } from './session-fixtures';
import { conformanceSuite } from './support';

conformanceSuite('test_session.py DeferredRelationshipExpressionTest', (c) => {
  const { User, Address } = userAddressModel(c);
  const addressOf = (email: string) => Object.assign(new Address(), { emailAddress: email });
  const userWith = (name: string, ...emails: string[]) =>
    Object.assign(new User(), { name, addresses: emails.map(addressOf) });
  const a = () => attrs(Address);

  afterEach(() => c.clear(Address, User));

  it('reads the key of a pending object after autoflush [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_unflushed]', async () => {
    const s = c.session({ autoflush: true });
    const u = userWith('ed', 'foo');
    s.add(u);
    const found = await s.scalars(select(Address).where(a().user.eq(u)));
    expect(found.map((x) => x.emailAddress)).toEqual(['foo']);
    expect(found[0]!.userId).toBe(u.id);
  });

  it('runs with an object loaded by another session [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_obj_was_gced]', async () => {
    const s = c.session({ autoflush: true, expireOnCommit: false });
    const first = userWith('ed', 'foo');
    s.add(first);
    await s.commit();
    await s.close();
    const u = (await s.get(User, first.id))!;
    const q = select(Address).where(a().user.eq(u));
    expect((await s.scalars(q)).map((x) => x.emailAddress)).toEqual(['foo']);
  });

  it('keeps the value it had when the object is expired and detached [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_favors_immediate]', async () => {
    const s = c.session({ autoflush: true, expireOnCommit: false });
    const u = userWith('ed', 'foo');
    s.add(u);
    await s.commit();
    const q = select(Address).where(a().user.eq(u));
    s.expire(u);
    s.expunge(u);
    expect((await s.scalars(q)).map((x) => x.emailAddress)).toEqual(['foo']);
  });

  it('fails naming the column for an object never flushed [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_obj_was_never_flushed]', async () => {
    const s = c.session({ autoflush: true });
    const u = userWith('ed', 'foo');
    const message =
      /Can't resolve value for column .*users.*\.id on object User; no value has been set for this column/;
    expect(() => compile(select(Address).where(a().user.eq(u)), c.dialect)).toThrow(InvalidRequestError);
    expect(() => compile(select(Address).where(a().user.eq(u)), c.dialect)).toThrow(message);
    c.sql.start();
    await expect(s.scalars(select(Address).where(a().user.eq(u)))).rejects.toThrow(message);
    expect(c.sql.stop().filter((st) => /^\s*SELECT/i.test(st.sql))).toEqual([]);
  });

  it('uses a key set by hand on a transient object [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_transient_but_manually_set]', () => {
    const u = Object.assign(userWith('ed', 'foo'), { id: 5 });
    const compiled = compile(select(Address).where(a().user.eq(u)), c.dialect);
    expect(compiled.params).toEqual([5]);
  });

  it('keeps the flushed key of an object detached after the statement was built [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_unflushed_obj_became_detached_unexpired]', async () => {
    const s = c.session({ autoflush: true });
    const u = userWith('ed', 'foo');
    const q = select(Address).where(a().user.eq(u));
    s.add(u);
    await s.flush();
    s.expunge(u);
    expect((await s.scalars(q)).map((x) => x.emailAddress)).toEqual(['foo']);
  });

  it('keeps the flushed key of an object expired and detached [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_unflushed_obj_became_detached_expired]', async () => {
    const s = c.session({ autoflush: true });
    const u = userWith('ed', 'foo');
    const q = select(Address).where(a().user.eq(u));
    s.add(u);
    await s.flush();
    s.expire(u);
    s.expunge(u);
    expect((await s.scalars(q)).map((x) => x.emailAddress)).toEqual(['foo']);
  });

  it('keeps the flushed key when only the key is expired [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expr_unflushed_obj_became_detached_expired_by_key]', async () => {
    const s = c.session({ autoflush: true });
    const u = userWith('ed', 'foo');
    const q = select(Address).where(a().user.eq(u));
    s.add(u);
    await s.flush();
    s.expire(u, ['id']);
    s.expunge(u);
    expect((await s.scalars(q)).map((x) => x.emailAddress)).toEqual(['foo']);
  });

  it('fails for an object expired before the statement was built, then detached [test_session.py::DeferredRelationshipExpressionTest::test_deferred_expression_expired_obj_became_detached_expired]', async () => {
    const s = c.session({ autoflush: true, expireOnCommit: true });
    const u = userWith('ed', 'foo');
    s.add(u);
    await s.commit();
    // Athanor's commit expires every attribute but the primary key (SQLAlchemy's expires it too):
    // the key is expired by name to reach the state the test is about.
    s.expire(u, ['id']);
    expect(instanceState(u).isExpired('id')).toBe(true);
    c.sql.start();
    a().user.eq(u); // building the comparison sends nothing
    expect(c.sql.stop()).toEqual([]);
    const q = select(Address).where(a().user.eq(u));
    s.expunge(u);
    await expect(s.scalars(q)).rejects.toThrow(
      /Can't resolve value for column .*users.*\.id on object User; the object is detached and the value was expired/,
    );
  });
});
