import { readdir, readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { parseTimestamptz } from './timestamp.js';

/** Something SQL can be sent to: the database, or one transaction. */
export interface Queryable {
  query<Row>(sql: string, params?: unknown[]): Promise<{ rows: Row[]; rowCount: number }>;
  /** Runs several statements without parameters. */
  exec(sql: string): Promise<void>;
}

/**
 * The slice of a SQL client the server uses. One dialect (PostgreSQL), two engines: the embedded
 * PGlite, and a PostgreSQL server shared by many stateless API processes.
 */
export interface Db extends Queryable {
  readonly engine: 'pglite' | 'postgres';
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Calls `onPayload` for every `NOTIFY` on `channel` (from any process); resolves to an unsubscribe. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Runs `work` holding the advisory lock `key` — a session lock on a connection of its own, so it
   * excludes every process on the same PostgreSQL. PGlite is opened by one process only, so there
   * it is a lock within this process. With `wait: false` it answers `{ acquired: false }` at once
   * when the lock is held; otherwise it waits for it. `work` runs its SQL on the database as usual
   * (the lock's connection stays idle), so a long computation can hold the lock without holding a
   * transaction.
   */
  withLock<T>(
    key: number,
    options: { wait: boolean },
    work: () => Promise<T>,
  ): Promise<{ acquired: true; value: T } | { acquired: false }>;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** PGlite: a data directory, or `memory` for a throw-away database. Ignored with `databaseUrl`. */
  dataDir?: string;
  /** A PostgreSQL connection string; when set, the server uses that server instead of PGlite. */
  databaseUrl?: string;
  /** PostgreSQL only: keep every table in this schema (created when missing); tests use one per file. */
  schema?: string;
  /** PostgreSQL only: connections in the pool (10 by default). */
  poolSize?: number;
}

/** `timestamptz`, read by `parseTimestamptz` in both engines (years 1–99 included). */
const timestamptzOid = 1184;

const channelPattern = /^[a-z_][a-z0-9_]{0,62}$/;

async function openPglite(dataDir: string): Promise<Db> {
  const options = { parsers: { [timestamptzOid]: parseTimestamptz } };
  const pglite = dataDir === 'memory' ? new PGlite(options) : new PGlite(dataDir, options);
  // PGlite has one session, in which advisory locks are re-entrant: the lock is kept here instead.
  const held = new Map<number, Promise<void>>();
  await pglite.waitReady;
  const wrap = (target: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query<Row>(sql, params);
      return { rows: result.rows, rowCount: result.affectedRows ?? result.rows.length };
    },
    async exec(sql: string) {
      await target.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    ...wrap(pglite),
    transaction: (work) => pglite.transaction((tx) => work(wrap(tx))),
    async listen(channel, onPayload) {
      if (!channelPattern.test(channel)) throw new Error(`bad channel name ${channel}`);
      const unsubscribe = await pglite.listen(channel, onPayload);
      return async () => unsubscribe();
    },
    async withLock(key, { wait }, work) {
      while (held.has(key)) {
        if (!wait) return { acquired: false };
        await held.get(key);
      }
      let release!: () => void;
      held.set(key, new Promise<void>((resolve) => (release = resolve)));
      try {
        return { acquired: true, value: await work() };
      } finally {
        held.delete(key);
        release();
      }
    },
    close: () => pglite.close(),
  };
}

async function openPostgres(databaseUrl: string, schema: string | undefined, poolSize: number): Promise<Db> {
  if (schema !== undefined && !channelPattern.test(schema)) throw new Error(`bad schema name ${schema}`);
  const config: pg.PoolConfig = {
    connectionString: databaseUrl,
    max: poolSize,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === timestamptzOid && format !== 'binary'
          ? parseTimestamptz
          : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
    },
  };
  if (schema) {
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    await setup.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await setup.end();
    config.options = `-c search_path=${schema}`;
  }
  const pool = new pg.Pool(config);
  // An idle client that loses its connection must not crash the process; the pool replaces it.
  pool.on('error', (error) => console.error('database pool:', error.message));
  const wrap = (target: pg.Pool | pg.PoolClient): Queryable => ({
    async query<Row>(sql: string, params: unknown[] = []) {
      const result = await target.query(sql, params);
      return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 };
    },
    async exec(sql: string) {
      await target.query(sql);
    },
  });
  const listeners: pg.Client[] = [];
  return {
    engine: 'postgres',
    ...wrap(pool),
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onPayload) {
      if (!channelPattern.test(channel)) throw new Error(`bad channel name ${channel}`);
      // LISTEN needs a connection of its own, outside the pool.
      const client = new pg.Client(config);
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel && message.payload !== undefined) onPayload(message.payload);
      });
      client.on('error', (error) => console.error('database listener:', error.message));
      await client.query(`LISTEN ${channel}`);
      listeners.push(client);
      return async () => {
        listeners.splice(listeners.indexOf(client), 1);
        await client.end();
      };
    },
    async withLock(key, { wait }, work) {
      const client = await pool.connect();
      let locked = false;
      try {
        if (wait) {
          await client.query('SELECT pg_advisory_lock($1)', [key]);
          locked = true;
        } else {
          const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
          locked = rows[0]!.locked;
          if (!locked) return { acquired: false };
        }
        return { acquired: true, value: await work() };
      } finally {
        // A connection whose unlock fails is dropped, which ends its session and so its lock.
        let broken: Error | undefined;
        if (locked)
          await client.query('SELECT pg_advisory_unlock($1)', [key]).catch((error: Error) => (broken = error));
        client.release(broken);
      }
    },
    async close() {
      await Promise.all(listeners.splice(0).map((client) => client.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

/** Opens the database the options name and brings its schema up to date. */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Db> {
  const db = options.databaseUrl
    ? await openPostgres(options.databaseUrl, options.schema, options.poolSize ?? 10)
    : await openPglite(options.dataDir ?? 'memory');
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}

const migrationsDir = new URL('./migrations/', import.meta.url);

/**
 * Applies every `migrations/NNN_*.sql` not yet recorded, in order, in one transaction under an
 * advisory lock, so API processes starting together against one PostgreSQL migrate it once.
 */
export async function migrate(db: Db): Promise<string[]> {
  const files = (await readdir(migrationsDir)).filter((file) => /^\d+_.*\.sql$/.test(file)).sort();
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock(727001)');
    await tx.exec(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         name text PRIMARY KEY,
         applied_at timestamptz NOT NULL DEFAULT now()
       )`,
    );
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM schema_migrations');
    const done = new Set(rows.map((row) => row.name));
    const applied: string[] = [];
    for (const file of files) {
      if (done.has(file)) continue;
      await tx.exec(await readFile(new URL(file, migrationsDir), 'utf8'));
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [file]);
      applied.push(file);
    }
    return applied;
  });
}
