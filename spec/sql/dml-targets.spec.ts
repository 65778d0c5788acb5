/**
 * INSERT, UPDATE and DELETE take a Core table: a mapped class (which the types let through, as
 * both are objects) or anything else is refused at once with an error naming what to use.
 */
import { Column, Table } from '../../lib/decorators';
import { ArgumentError } from '../../lib/errors';
import { deleteFrom, insert, update } from '../../lib/sql';

@Table('dml_target_people')
class Person {
  @Column({ primaryKey: true }) id!: number;
  @Column() name!: string;
}

describe('DML targets', () => {
  const asTable = Person as unknown as Parameters<typeof insert>[0];
  it.each([
    ['insert()', () => insert(asTable)],
    ['update()', () => update(asTable)],
    ['deleteFrom()', () => deleteFrom(asTable)],
  ])('%s refuses a mapped class, naming it and the alternatives', (what, build) => {
    expect(build).toThrow(ArgumentError);
    expect(build).toThrow(
      `${what}: expected a Table, got the class Person; an entity's rows are written through the session (session.add(), ormUpdate(), ormDelete()), or its table with inspect(Entity).table`,
    );
  });

  it('refuses a value that is not a table', () => {
    expect(() => insert('people' as never)).toThrow(/insert\(\): expected a Table, got people/);
  });
});
