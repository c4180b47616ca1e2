// The baseline the api is measured against: bare Fastify and node-postgres, no framework, no middleware.
//   GET  /baseline/select  one primary-key select
//   POST /baseline/insert  one durable insert (an ordinary, logged table; the server's commit settings)
//   GET  /baseline/hello   no database (start-up baseline)
// The insert must cost what an application write costs at the database: a WAL record flushed at commit.
// An UNLOGGED table or `synchronous_commit = off` would skip that flush and make every api write look
// slow next to it. Pool size is the api's (DATABASE_POOL_SIZE), so both queue work in PostgreSQL alike.
// Env: PORT, DATABASE_URL (optional: without it only /baseline/hello exists), DATABASE_POOL_SIZE (10).
import Fastify from 'fastify';
import pg from 'pg';

const app = Fastify({ logger: false });
app.get('/baseline/hello', async () => ({ status: 'ok' }));

if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({
    connectionString: process.env.DATABASE_URL,
    max: Number(process.env.DATABASE_POOL_SIZE ?? 10),
  });
  await pool.query(`CREATE TABLE IF NOT EXISTS bench_baseline (id int PRIMARY KEY, name text NOT NULL)`);
  await pool.query(
    `INSERT INTO bench_baseline SELECT g, 'row ' || g FROM generate_series(1, 1000) g ON CONFLICT DO NOTHING`,
  );
  // Recreated on every start: earlier versions made it UNLOGGED, and every run starts from the same size.
  await pool.query(`DROP TABLE IF EXISTS bench_baseline_insert`);
  await pool.query(
    `CREATE TABLE bench_baseline_insert (id bigserial PRIMARY KEY, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`,
  );
  let n = 0;
  app.get('/baseline/select', async () => {
    const { rows } = await pool.query('SELECT id, name FROM bench_baseline WHERE id = $1', [
      (n++ % 1000) + 1,
    ]);
    return rows[0];
  });
  app.post('/baseline/insert', async (req, reply) => {
    const { rows } = await pool.query(
      'INSERT INTO bench_baseline_insert (payload) VALUES ($1) RETURNING id',
      [JSON.stringify(req.body ?? {})],
    );
    return reply.code(201).send({ id: rows[0].id });
  });
  app.addHook('onClose', () => pool.end());
}

await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
for (const signal of ['SIGTERM', 'SIGINT'])
  process.once(signal, () => app.close().then(() => process.exit(0)));
