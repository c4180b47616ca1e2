import 'reflect-metadata';
// Project-level testTimeout does not reach hooks in every Jest version; PGlite's first start alone takes seconds.
jest.setTimeout(60_000);
