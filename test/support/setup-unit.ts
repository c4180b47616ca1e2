// `npm test` runs the unit project beside lint, the type check and the build (test:checks), so a unit
// test that renders a whole report (XLSX, PDF, DOCX) can take several times its quiet-machine duration.
// Jest's default of 5 s (tests and hooks) is too tight for that; a hung test still fails, after 30 s.
jest.setTimeout(30_000);
