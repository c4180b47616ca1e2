// `npm run bench:scoring`: scores the largest answers file in a loop and, in the same run, times
// JSON.parse of the same document as the baseline. Target: scoring within 5x of parsing it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildIfNeeded, root } from '../../scripts/build-if-needed.mjs';

buildIfNeeded('dist/apps/cli/src/main.js');
const require = createRequire(import.meta.url);
const { scoreAudit, evaluateAudit } = require(join(root, 'dist/libs/domain/src/index.js'));
const { loadFrameworkRef } = require(join(root, 'dist/libs/policies/src/index.js'));

const answersDir = join(root, 'test/fixtures/answers/ok');
const policyDirs = [join(root, 'policies'), join(root, 'test/fixtures/policies/ok')];

function load(file) {
  const text = readFileSync(file, 'utf8');
  const doc = file.endsWith('.json') ? JSON.parse(text) : parse(text);
  for (const dir of policyDirs) {
    try {
      return { doc, catalogue: loadFrameworkRef(dir, doc.framework) };
    } catch {
      // not this policies directory (or its content is invalid): try the next one
    }
  }
  return undefined;
}

// The largest answers file whose framework loads; its size is what the baseline parses.
const candidates = readdirSync(answersDir)
  .filter((n) => /\.(ya?ml|json)$/.test(n))
  .map((n) => ({ file: join(answersDir, n), loaded: load(join(answersDir, n)) }))
  .filter((c) => c.loaded)
  .map((c) => ({ ...c, json: JSON.stringify(c.loaded.doc) }))
  .sort((a, b) => b.json.length - a.json.length || statSync(b.file).size - statSync(a.file).size);
if (!candidates.length) throw new Error('no answers file with a loadable framework');
const { file, loaded, json } = candidates[0];
const { catalogue } = loaded;

function time(label, fn, iterations) {
  for (let i = 0; i < Math.min(2000, iterations); i++) fn(i);
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) fn(i);
  const ns = Number(process.hrtime.bigint() - start) / iterations;
  console.log(`${label.padEnd(40)} ${(ns / 1000).toFixed(2).padStart(9)} µs/op  (${iterations} iterations)`);
  return ns;
}

const iterations = Number(process.env.BENCH_ITERATIONS ?? 20000);
let sink = 0;
const questions = catalogue.domains.reduce(
  (n, d) => n + d.controls.reduce((m, c) => m + c.questions.length, 0),
  0,
);
console.log(
  `answers file   ${file.slice(root.length)} (${json.length} bytes as JSON, ${Object.keys(loaded.doc.answers).length} answers)`,
);
console.log(
  `framework      ${catalogue.framework.id}@${catalogue.framework.version} (${questions} questions)`,
);
const parseNs = time(
  'baseline: JSON.parse of the document',
  () => (sink += JSON.parse(json).answers ? 1 : 0),
  iterations,
);
// Each round parses a fresh copy so no call can reuse objects from the previous one.
const docs = Array.from({ length: 64 }, () => JSON.parse(json));
const scoreNs = time(
  'scoreAudit',
  (i) => (sink += scoreAudit(catalogue, docs[i % 64].profile, docs[i % 64].answers).gaps.length),
  iterations,
);
time(
  'evaluateAudit (score + obligations + plan)',
  (i) =>
    (sink += evaluateAudit(catalogue, docs[i % 64].profile, docs[i % 64].answers).remediation.items.length),
  Math.ceil(iterations / 4),
);
if (sink < 0) console.log(sink);
console.log(`ratio scoring/parse ${(scoreNs / parseNs).toFixed(2)}`);
