import { mysqlFamilyInspector } from '../mysql/inspector';

/** MariaDB's catalog reader: MySQL's information_schema, with CHECK constraints' tables known. */
export const mariadbInspector = mysqlFamilyInspector(true);
