export type * from './model';
export type { SchemaQueries, ReflectOptions, InspectorTraits, SchemaInspector } from './inspector';
export { addReflectedTables } from './to-tables';
export {
  squashExpression,
  mapOutsideQuotes,
  splitTopLevel,
  collapseSpaces,
  unquoteLiteral,
} from './canonical';
