// `npm run bench:screening`: content screening of a batch of answers, against baselines measured in the same
// run. The batch is 54 answers with a 2,000-character note each (policy prose; six end in an obfuscated
// address, hash or encoding, so the whole text is read before the finding). Baselines over the same body:
// JSON.parse of the request body, and one plain regex scan of every note. Then the notes 4x and 16x as long:
// time per KB must stay flat (linear), never grow with the input.
// Env: BENCH_ROUNDS (default 7), BENCH_WRITE_DOCS (true). Writes docs/BENCHMARKS.md.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildIfNeeded, root } from '../../scripts/build-if-needed.mjs';
import { median } from '../lib/load.mjs';
import { fmt, machine, table, today, writeSection } from '../lib/report.mjs';

buildIfNeeded('dist/libs/domain/src/index.js');
const require = createRequire(import.meta.url);
const { screenFields } = require(join(root, 'dist/libs/domain/src/index.js'));

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ANSWERS = 54;
const TEXT_CHARS = 2000;
const SCALES = [1, 4, 16];

// Sentences as people write them in notes and justifications: roles, documents, numbers, dates, lists.
const PROSE = [
  'The acceptable use policy was reviewed by the compliance officer and approved by the board in March 2026.',
  'Every new employee signs the policy during onboarding; the HR team keeps the signed copies for seven years.',
  'Web filtering covers all managed laptops and the guest Wi-Fi, with categories reviewed twice a year.',
  'Reports go to the national hotline within 24 hours, and the legal team decides on any notice to the police.',
  'Training is annual (about 45 minutes) and 92% of staff completed it last year; managers follow up on the rest.',
  'The incident response plan names the security lead, the deputy and the data protection officer as contacts.',
  'Devices are wiped and re-imaged before they are reassigned; the IT service desk records each step in the asset register.',
  'Access to the evidence store is limited to two roles, logged, and checked by internal audit each quarter.',
  'Contractors and temporary workers receive the same briefing before they get an account on the network.',
  'The works council was consulted on monitoring; its agreement of 12 May 2025 limits what is logged and for how long.',
];
// Each is refused by screening once normalised: defanged URL, split by invisible characters, spelled
// e-mail, bracketed IP address, a SHA-256 digest, a base64 blob.
const OBFUSCATED = [
  ' See hxxps[:]//files-example[.]com/share for the copy.',
  ' The mirror is at exa\u200Bmple\u200B.\u200Bonion today.',
  ' Write to jane dot doe at example dot org with questions.',
  ' The host was 192[.]168[.]10[.]45 during the test.',
  ` Digest ${'9f2c'.repeat(16)} recorded.`,
  ' Blob aGVsbG8gd29ybGQgdGhpcyBpcyBlbmNvZGVk= attached.',
];

/** A note of exactly `chars` characters of prose, with `tail` (an obfuscated item) at its very end. */
function note(chars, seed, tail = '') {
  let text = '';
  for (let i = seed; text.length < chars; i++) text += `${PROSE[i % PROSE.length]} `;
  return text.slice(0, chars - tail.length).replace(/\s+$/, '.') + tail;
}

/** The batch body as the api receives it: 54 answers, every ninth note ending in an obfuscated item. */
function batch(scale) {
  return {
    answers: Array.from({ length: ANSWERS }, (_, i) => ({
      questionId: `Q-${i + 1}`,
      value: 'yes',
      note: note(TEXT_CHARS * scale, i, i % 9 === 8 ? OBFUSCATED[Math.floor(i / 9) % OBFUSCATED.length] : ''),
    })),
  };
}

const fields = (body) => body.answers.map((a, i) => ({ pointer: `/answers/${i}/note`, value: a.note }));
// The floor for reading every character once: one simple pattern, no normalisation.
const PLAIN = /[@:/\\]|\bdot\b|[0-9a-f]{16}|[A-Za-z0-9+/]{20}/g;

const inputs = SCALES.map((scale) => {
  const body = batch(scale);
  const json = JSON.stringify(body);
  const list = fields(body);
  const found = screenFields(list);
  // The benchmark measures what it says only if prose passes and every obfuscated item is found.
  const expected = list.filter((_, i) => i % 9 === 8).map((f) => f.pointer);
  if (JSON.stringify(found.map((f) => f.pointer)) !== JSON.stringify(expected))
    throw new Error(
      `screening at ${scale}x found ${JSON.stringify(found.map((f) => [f.pointer, f.reason]))}, expected ${expected.join(', ')}`,
    );
  const kb = list.reduce((n, f) => n + f.value.length, 0) / 1024;
  return { scale, json, list, kb, reasons: [...new Set(found.map((f) => f.reason))].sort() };
});

let sink = 0;
const subjects = {
  'JSON.parse of the body': (input) => (sink += JSON.parse(input.json).answers.length),
  'plain regex scan of the notes': (input) => {
    for (const f of input.list) sink += (f.value.match(PLAIN) ?? []).length;
  },
  'screenFields of the notes': (input) => (sink += screenFields(input.list).length),
};

/** Microseconds per call: enough calls to fill about 200 ms. */
function time(fn, input) {
  let n = 1;
  for (;;) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(input);
    const ns = Number(process.hrtime.bigint() - start);
    if (ns > 2e8) return ns / n / 1000;
    n *= ns < 2e7 ? 10 : 2;
  }
}

for (const input of inputs) for (const fn of Object.values(subjects)) time(fn, input); // warm-up
const samples = new Map();
for (let round = 0; round < ROUNDS; round++)
  for (const input of inputs)
    for (const [name, fn] of Object.entries(subjects)) {
      const key = `${name}@${input.scale}`;
      samples.set(key, [...(samples.get(key) ?? []), time(fn, input)]);
    }
const us = (name, scale) => median(samples.get(`${name}@${scale}`));
if (sink < 0) console.log(sink);

const [base] = inputs;
const screen = 'screenFields of the notes';
const rows = Object.keys(subjects).map((name) => [
  name === screen ? `**${name}**` : `baseline: ${name}`,
  fmt(us(name, 1), 0),
  name === screen ? '' : `${fmt(us(screen, 1) / us(name, 1), 1)}×`,
  ...inputs.map((i) => fmt(us(name, i.scale) / i.kb, 2)),
  fmt(us(name, 16) / inputs[2].kb / (us(name, 1) / base.kb), 2),
]);
const growth = us(screen, 16) / inputs[2].kb / (us(screen, 1) / base.kb);
const load = loadavg().map((l) => fmt(l, 2));
const body = [
  `A batch of ${ANSWERS} answers with a ${TEXT_CHARS.toLocaleString('en')}-character note each (${fmt(base.kb, 0)} KB of text, ${base.json.length.toLocaleString('en')} bytes as JSON); every ninth note ends in an obfuscated item (${inputs[0].reasons.join(', ')}), found; the rest pass. Medians of ${ROUNDS} interleaved rounds; ${machine()}, load average ${load.join(' / ')} (1 / 5 / 15 min) at the end, ${today()}.`,
  '',
  table(
    [
      'what',
      'µs per batch (1×)',
      'screening takes',
      ...SCALES.map((s) => `µs per KB at ${s}× (${fmt(inputs[SCALES.indexOf(s)].kb, 0)} KB)`),
      'per KB, 16× / 1×',
    ],
    rows,
  ),
  '',
  `Per KB at 16× against 1×: ${fmt(growth, 2)} (linear when about 1; target ≤ 1.5): ${growth <= 1.5 ? 'within' : 'NOT within'}.`,
].join('\n');
console.log(body);
console.log(`ratio screening_vs_json_parse ${fmt(us(screen, 1) / us('JSON.parse of the body', 1), 2)}`);
console.log(
  `ratio screening_vs_regex_scan ${fmt(us(screen, 1) / us('plain regex scan of the notes', 1), 2)}`,
);
console.log(`ratio screening_per_kb_16x_vs_1x ${fmt(growth, 2)}`);
if ((process.env.BENCH_WRITE_DOCS ?? 'true') === 'true')
  writeSection(
    join(root, 'docs/BENCHMARKS.md'),
    'bench:screening',
    '## Screening (`npm run bench:screening`)',
    body,
  );
