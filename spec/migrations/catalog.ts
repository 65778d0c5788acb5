/** A normalized dump of part of a database's catalog, for comparing schemas before and after. */
import type { Engine } from '../../lib/drivers';

const byName = <T extends { name?: string | undefined }>(a: T, b: T) =>
  String(a.name ?? '').localeCompare(String(b.name ?? ''));

/** The tables (and enums, views and triggers) whose names start with one of `prefixes`. */
export async function catalogDump(engine: Engine, prefixes: readonly string[]): Promise<unknown> {
  const mine = (name: string) => prefixes.some((p) => name.startsWith(p));
  const schema = await engine.reflectSchema();
  return {
    tables: schema.tables
      .filter((t) => mine(t.name))
      .sort(byName)
      .map((t) => ({
        name: t.name,
        columns: t.columns.map((c) => ({
          name: c.name,
          type: c.dbType,
          nullable: c.nullable,
          default: c.default,
          autoincrement: c.autoincrement,
        })),
        primaryKey: t.primaryKey?.columns,
        foreignKeys: t.foreignKeys
          .map((fk) => ({ ...fk, name: undefined }))
          .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
        uniques: [...t.uniques].sort(byName),
        indexes: [...t.indexes].sort(byName),
        checks: [...t.checks].sort(byName),
      })),
    enums: schema.enums.filter((e) => mine(e.name)).sort(byName),
    views: schema.views.filter((v) => mine(v.name)).sort(byName),
    triggers: schema.triggers.filter((t) => mine(t.name)).sort(byName),
  };
}
