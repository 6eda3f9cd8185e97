import { randomBytes } from 'node:crypto';
import postgres, { type Sql } from 'postgres';

/** The machine's server (trust auth); TEST_DATABASE_URL points the tests elsewhere. */
export const PG_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A client for the tests' own look at the tables (not the store under test). */
export function adminClient(url = PG_URL): Sql {
  return postgres(url, { max: 2, connect_timeout: 3, onnotice: () => {} });
}

/**
 * Whether the Postgres suites skip: only outside CI, and only when the server does not
 * answer. Under CI they run, and fail, if it is down.
 */
export async function skipWithoutPostgres(): Promise<boolean> {
  if (process.env.CI) return false;
  const sql = adminClient();
  try {
    await sql`SELECT 1`;
    return false;
  } catch (err) {
    console.warn(`Postgres at ${PG_URL} is unreachable (${(err as Error).message}): skipping the Postgres tests (under CI=true they fail instead)`);
    return true;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

export interface TestSchema {
  name: string;
  /** PG_URL with search_path set to this schema: what DATABASE_URL gets. */
  url: string;
  drop(): Promise<void>;
}

/** A fresh schema of its own, so test files running in parallel never see each other's rows. */
export async function freshSchema(admin: Sql): Promise<TestSchema> {
  const name = `wb_test_${randomBytes(6).toString('hex')}`;
  await admin.unsafe(`CREATE SCHEMA ${name}`);
  const url = new URL(PG_URL);
  url.searchParams.set('search_path', name);
  return { name, url: url.toString(), drop: async () => void (await admin.unsafe(`DROP SCHEMA IF EXISTS ${name} CASCADE`)) };
}
