// Loaded into the api with `node --require` by bench/http/profile.mjs, never in production. It counts every
// statement the process sends to PostgreSQL (with the time each took to come back, pool wait excluded)
// and records a CPU profile, both only between GET /start and GET /stop on its own port (PROBE_PORT), so
// set-up and warm-up stay out of the figures. /stop?profile=<file> answers with the statement summary and
// writes the profile to that file.
'use strict';
const { createServer } = require('node:http');
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const pg = require('pg');

const statements = new Map();
let recording = false;
let total = 0;

// Literal values differ per request; the statement shape is what matters.
const shape = (text) => String(text).replace(/\s+/g, ' ').trim().slice(0, 160);

const original = pg.Client.prototype.query;
pg.Client.prototype.query = function query(config, values, callback) {
  if (!recording) return original.call(this, config, values, callback);
  const text = shape(typeof config === 'string' ? config : config?.text);
  const started = performance.now();
  const done = () => {
    const s = statements.get(text) ?? { calls: 0, ms: 0 };
    s.calls += 1;
    s.ms += performance.now() - started;
    statements.set(text, s);
  };
  total += 1;
  const result = original.call(this, config, values, callback);
  if (result && typeof result.then === 'function') result.then(done, done);
  else done();
  return result;
};

const session = new Session();
session.connect();
const post = (method, params = {}) =>
  new Promise((resolve, reject) =>
    session.post(method, params, (err, res) => (err ? reject(err) : resolve(res))),
  );

const server = createServer(async (req, res) => {
  try {
    if (req.url === '/start') {
      statements.clear();
      total = 0;
      recording = true;
      await post('Profiler.enable');
      await post('Profiler.setSamplingInterval', { interval: 200 });
      await post('Profiler.start');
      res.end('{}');
    } else if (req.url.startsWith('/stop')) {
      recording = false;
      const { profile } = await post('Profiler.stop');
      const file = new URL(req.url, 'http://probe').searchParams.get('profile');
      if (file) writeFileSync(file, JSON.stringify(profile));
      const rows = [...statements]
        .map(([sql, s]) => ({ sql, calls: s.calls, ms: s.ms }))
        .sort((a, b) => b.calls - a.calls);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ total, statements: rows }));
    } else {
      res.statusCode = 404;
      res.end();
    }
  } catch (err) {
    res.statusCode = 500;
    res.end(String(err));
  }
});
server.listen(Number(process.env.PROBE_PORT), '127.0.0.1');
server.unref();
