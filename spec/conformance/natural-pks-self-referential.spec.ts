/**
 * A self-referential natural key that changes: ported from SQLAlchemy's test/orm/test_naturalpks.py
 * SelfReferentialTest. The key is declared ON UPDATE CASCADE on SQLite and PostgreSQL, as
 * SQLAlchemy declares it. MariaDB cannot cascade an update into the table it updates (InnoDB
 * treats a self-referential ON UPDATE CASCADE as RESTRICT), which is why SQLAlchemy does not run
 * this class there; Athanor runs the non-passive scenarios there on a plain key with foreign key
 * checks off for the session (deferred-keys.ts), proving the ORM's own UPDATEs by reading the
 * rows back, and leaves out the passive one, which needs the cascade.
 */
import { Column, Relationship, Table } from '../../lib/decorators';
import { attrs, select, types } from '../../lib/index';
import { deferForeignKeys, restoreForeignKeys } from './deferred-keys';
import { conformanceSuite } from './support';

const make = <T extends object>(cls: new () => T, values: Partial<T>): T => Object.assign(new cls(), values);

type Shape = 'o2m-on-m2o' | 'o2m-on-o2m' | 'm2o-passive' | 'm2o-nonpassive';
const unmapped: PropertyDecorator = () => undefined;

for (const shape of ['o2m-on-m2o', 'o2m-on-o2m', 'm2o-passive', 'm2o-nonpassive'] as Shape[]) {
  conformanceSuite(
    `test_naturalpks.py SelfReferentialTest (${shape})`,
    (c) => {
      const mariadb = c.target === 'mysql';
      const { Node } = c.entities((registry, name) => {
        const cascade = mariadb ? {} : { onUpdate: 'CASCADE' as const };
        const withChildren = shape === 'o2m-on-m2o' || shape === 'o2m-on-o2m';
        @Table(name('nodes'), { registry })
        class Node {
          @Column({ type: types.string(50), primaryKey: true }) name!: string;
          @Column({ type: types.string(50), nullable: true, foreignKey: () => Node, ...cascade }) parent!:
            string | null;
          @(withChildren
            ? Relationship(() => Node, {
                backPopulates: 'parentnode',
                passiveUpdates: shape !== 'o2m-on-o2m',
              })
            : unmapped)
          children!: Node[];
          @Relationship(() => Node, {
            remoteSide: 'name',
            backPopulates: withChildren ? 'children' : undefined,
            passiveUpdates: shape === 'm2o-passive' || shape === 'o2m-on-o2m',
          })
          parentnode!: Node | null;
        }
        return { Node };
      });
      afterEach(async () => {
        const s = c.session();
        const all = await s.scalars(select(Node));
        for (const n of all) n.parentnode = null;
        await s.flush();
        for (const n of all) s.delete(n);
        await s.commit();
      });
      const parents = async (): Promise<unknown[]> =>
        (
          await c.readBack(
            `SELECT parent FROM ${c.tableOf(Node)} WHERE name IN ('n11', 'n12', 'n13') ORDER BY name`,
          )
        ).map((r) => r['parent']);
      const begin = async (s: ReturnType<typeof c.session>): Promise<void> => {
        if (mariadb) await deferForeignKeys(c, s);
      };
      const commit = async (s: ReturnType<typeof c.session>): Promise<void> => {
        if (mariadb) {
          await s.flush();
          await restoreForeignKeys(c, s);
        }
        await s.commit();
      };

      const title = {
        'o2m-on-m2o':
          'the children follow a renamed parent through the many-to-one side [test_naturalpks.py::SelfReferentialTest::test_one_to_many_on_m2o]',
        'o2m-on-o2m':
          'the children follow a renamed parent through the one-to-many side [test_naturalpks.py::SelfReferentialTest::test_one_to_many_on_o2m]',
        'm2o-passive':
          'the database cascades a renamed parent to its children [test_naturalpks.py::SelfReferentialTest::test_many_to_one_passive]',
        'm2o-nonpassive':
          'the ORM UPDATEs the children of a renamed parent [test_naturalpks.py::SelfReferentialTest::test_many_to_one_nonpassive]',
      }[shape];
      it(title, async () => {
        const sess = c.session();
        await begin(sess);
        const n1 = make(Node, { name: 'n1' });
        if (shape === 'o2m-on-o2m') {
          n1.children.push(
            make(Node, { name: 'n11' }),
            make(Node, { name: 'n12' }),
            make(Node, { name: 'n13' }),
          );
          sess.add(n1);
        } else {
          sess.add(n1);
          sess.addAll(['n11', 'n12', 'n13'].map((name) => make(Node, { name, parentnode: n1 })));
        }
        await commit(sess);

        await begin(sess);
        n1.name = 'new n1';
        await commit(sess);
        if (shape === 'o2m-on-o2m') {
          await sess.refresh(n1, ['children']); // adapted: the expired collection is reloaded explicitly
          await sess.refresh(n1.children[1]!);
          expect(n1.children[1]!.parent).toBe('new n1');
        }
        const n = attrs(Node);
        const children = await sess.scalars(
          select(Node)
            .where(n.name.in(['n11', 'n12', 'n13']))
            .orderBy(n.name),
        );
        expect(children.map((x) => x.parent)).toEqual(['new n1', 'new n1', 'new n1']);
        expect(await parents()).toEqual(['new n1', 'new n1', 'new n1']);
      });
    },
    shape === 'm2o-passive' ? { only: ['sqlite', 'postgresql'] } : {},
  );
}
