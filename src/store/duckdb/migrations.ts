/** One forward-only schema step. */
export interface Migration {
  /** Position in the list, from 1, never reused: the database records the highest one applied. */
  readonly version: number
  /** Short name, recorded with the version so that an operator can read the history. */
  readonly name: string
  /** Statements run in order, in one transaction with the version's record. */
  readonly statements: readonly string[]
}

/**
 * The schema, as an ordered list of forward-only migrations. A released migration is never
 * edited: a change is a new entry at the end. The SQL sticks to plain types (VARCHAR, TIMESTAMP,
 * BOOLEAN, VARCHAR[]) and no DuckDB-only features, so that the ClickHouse adapter can mirror it
 * (String, DateTime64(3, 'UTC'), Bool, Array(String)); retention is by `time`, which on
 * ClickHouse becomes a monthly partition key.
 *
 * No index on `events`: DuckDB's zone maps on `time` (rows arrive roughly in time order) serve
 * range scans, while an ART index would slow the ingest of millions of rows and live in memory.
 * `receipts` keeps a primary key on `id`: receipts are few, `getReceipt` looks one up, and a
 * duplicated proof id must fail the batch rather than be stored twice.
 *
 * @example
 * const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version // the schema version this code writes
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and receipts',
    statements: [
      `CREATE TABLE events (
        id VARCHAR NOT NULL,
        time TIMESTAMP NOT NULL,
        site VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        query VARCHAR NOT NULL,
        referrer VARCHAR NOT NULL,
        visitor VARCHAR,
        country VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        browser VARCHAR NOT NULL,
        os VARCHAR NOT NULL,
        props VARCHAR NOT NULL
      )`,
      `CREATE TABLE receipts (
        id VARCHAR NOT NULL PRIMARY KEY,
        time TIMESTAMP NOT NULL,
        site VARCHAR NOT NULL,
        policy_version VARCHAR NOT NULL,
        granted VARCHAR[] NOT NULL,
        refused VARCHAR[] NOT NULL,
        deposit TIMESTAMP NOT NULL,
        expires TIMESTAMP NOT NULL,
        visitor VARCHAR,
        gpc BOOLEAN NOT NULL
      )`,
    ],
  },
  {
    version: 2,
    name: 'rollup bookkeeping',
    statements: [
      // The rollup tables themselves are defined by stats/ and built by the store at open
      // (duckdb-rollups.ts); this table records which definition each was built from.
      `CREATE TABLE rollup_definitions (
        name VARCHAR NOT NULL PRIMARY KEY,
        signature VARCHAR NOT NULL,
        built_at TIMESTAMP NOT NULL
      )`,
    ],
  },
  {
    version: 3,
    name: 'events not yet folded into the rollups',
    statements: [
      // The same columns as `events`: each write appends its events to both in one transaction,
      // and the rollups are folded from here later, in their own transaction (duckdb-rollups.ts),
      // so that acknowledging an event does not wait for seven aggregates.
      `CREATE TABLE rollup_pending (
        id VARCHAR NOT NULL,
        time TIMESTAMP NOT NULL,
        site VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        query VARCHAR NOT NULL,
        referrer VARCHAR NOT NULL,
        visitor VARCHAR,
        country VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        browser VARCHAR NOT NULL,
        os VARCHAR NOT NULL,
        props VARCHAR NOT NULL
      )`,
    ],
  },
  {
    version: 4,
    name: 'events set aside',
    statements: [
      // Events that were stored but cannot be read back by the rollups (props DuckDB's JSON
      // reader refuses: an older collector let a lone surrogate through). They are moved here,
      // out of every read, and still removed by retention and erasure (set-aside-events.ts).
      `CREATE TABLE events_set_aside (
        id VARCHAR NOT NULL,
        time TIMESTAMP NOT NULL,
        site VARCHAR NOT NULL,
        type VARCHAR NOT NULL,
        name VARCHAR NOT NULL,
        path VARCHAR NOT NULL,
        query VARCHAR NOT NULL,
        referrer VARCHAR NOT NULL,
        visitor VARCHAR,
        country VARCHAR NOT NULL,
        device VARCHAR NOT NULL,
        browser VARCHAR NOT NULL,
        os VARCHAR NOT NULL,
        props VARCHAR NOT NULL,
        set_aside_at TIMESTAMP NOT NULL,
        reason VARCHAR NOT NULL
      )`,
    ],
  },
]
