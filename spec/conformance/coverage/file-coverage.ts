/**
 * What the conformance suites cover of one SQLAlchemy ORM test file (SQLAlchemy commit f35da7e,
 * test/orm/). Each module of this folder but this one exports one as `coverage`.
 */
export interface SqlalchemyFileCoverage {
  /** The file's name in test/orm/, e.g. `test_cascade.py`. */
  readonly file: string;
  /** Its test function names by the class that defines them. */
  readonly tests: Readonly<Record<string, readonly string[]>>;
  /** Tests whose subject has no counterpart in Athanor (a Python protocol, a legacy API), by `file::Class::test`, with the reason. */
  readonly notApplicable: Readonly<Record<string, string>>;
  /** Tests of features Athanor does not provide yet, by `file::Class::test`, with what is missing. */
  readonly notPorted: Readonly<Record<string, string>>;
}
