/**
 * The name of a dialect: one of the built-ins (`postgresql`, `mysql`, `mariadb`, `sqlite`,
 * `mssql`, `oracle`) or one added with `registerDialect`.
 */
export type DialectName = string;
