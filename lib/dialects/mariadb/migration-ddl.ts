import { MysqlMigrationDdl } from '../mysql/migration-ddl';

/** MariaDB's migration DDL: MySQL's, with CHECK constraints dropped as DROP CONSTRAINT. */
export class MariadbMigrationDdl extends MysqlMigrationDdl {
  protected override checkKeyword(): string {
    return 'CONSTRAINT';
  }
}
