/**
 * The columns the stored-value suites write through: one per kind of bound value a database could
 * change (round, coerce, truncate), each nullable so a row can set one at a time.
 */
import { column, types } from '../../lib/sql';

export function valueColumns(labelLength: number) {
  return {
    id: column(types.integer(), { primaryKey: true }),
    label: column(types.string(labelLength), { nullable: true }),
    count: column(types.integer(), { nullable: true }),
    big: column(types.bigInteger({ mode: 'number' }), { nullable: true }),
    ratio: column(types.float(), { nullable: true }),
    price: column(types.numeric(10, 2), { nullable: true }),
    flag: column(types.boolean(), { nullable: true }),
    day: column(types.date(), { nullable: true }),
    at: column(types.dateTime(), { nullable: true }),
    doc: column(types.json(), { nullable: true }),
  };
}
