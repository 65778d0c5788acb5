/**
 * Runs one SQL statement (with `:name` parameters) on a connection and returns the first column
 * of its first row as a string ('' for NULL or no row).
 */
export type ScalarQuery = (sql: string, params?: Record<string, unknown>) => Promise<string>;

/**
 * How one kind of server reports replication positions: the primary's position after a commit,
 * how far a replica has replayed, and how to compare the two. A position is an opaque string to
 * everything above the dialect (a token that can travel in a header or cookie). A dialect that
 * supports read replicas gives one as `DialectDefinition.replication`.
 */
export interface ReplicationPositions {
  /** The primary's position now: every transaction committed before is at or below it. */
  primaryPosition(query: ScalarQuery): Promise<string>;
  /** What the replica has replayed (applied), not merely received. */
  replayedPosition(query: ScalarQuery): Promise<string>;
  /** `replayed` includes everything up to `wanted`. */
  covers(replayed: string, wanted: string): boolean;
  /**
   * Waits on the replica up to `millis` for `wanted` to be replayed; true when it was. Used only
   * when the cached replay position is behind.
   */
  waitFor(query: ScalarQuery, wanted: string, millis: number): Promise<boolean>;
}
