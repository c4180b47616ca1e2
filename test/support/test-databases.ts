import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The databases one e2e run creates: a migrated template and a copy of it per test file, all named
 * `<base database>_<run id>_...` so the run drops exactly what it created and nothing else.
 */
const RUN_PREFIX_VAR = 'AUP_TEST_DATABASE_PREFIX';

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function onServer<T>(baseUrl: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: baseUrl, application_name: 'aup-audit-tests' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Global setup: names this run, creates its template database and returns its URL (to migrate). */
export async function createRunTemplate(baseUrl: string): Promise<string> {
  const base = decodeURIComponent(new URL(baseUrl).pathname.slice(1)) || 'postgres';
  const prefix = `${base.slice(0, 30)}_${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env[RUN_PREFIX_VAR] = prefix;
  await onServer(baseUrl, (c) => c.query(`CREATE DATABASE ${quote(`${prefix}_tpl`)}`));
  return withDatabase(baseUrl, `${prefix}_tpl`);
}

/**
 * A test file's own database, copied from the run's template; its URL. Synchronous, so the test file's own module code (a describe block building an environment
 * for a child process, say) already sees its database: runs before the file is loaded, in a short-lived
 * node process, since the pg client has no synchronous API.
 */
export function createFileDatabaseSync(baseUrl: string): string {
  const prefix = process.env[RUN_PREFIX_VAR];
  if (!prefix) throw new Error(`${RUN_PREFIX_VAR} is not set: the e2e global setup did not run`);
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const script = `const { Client } = require('pg');
    const c = new Client({ connectionString: process.env.BASE_URL, application_name: 'aup-audit-tests' });
    c.connect().then(() => c.query(process.env.SQL)).then(() => c.end(), (e) => { console.error(e.message); process.exit(1); });`;
  execFileSync(process.execPath, ['-e', script], {
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      BASE_URL: baseUrl,
      SQL: `CREATE DATABASE ${quote(name)} TEMPLATE ${quote(`${prefix}_tpl`)}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return withDatabase(baseUrl, name);
}

/** Global teardown: drops every database this run created (the template and each file's copy). */
export async function dropRunDatabases(baseUrl: string): Promise<number> {
  const prefix = process.env[RUN_PREFIX_VAR];
  if (!prefix) return 0;
  return onServer(baseUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [`${prefix}_`],
    );
    for (const { datname } of rows) await c.query(`DROP DATABASE IF EXISTS ${quote(datname)} WITH (FORCE)`);
    return rows.length;
  });
}
