export * from './csv';
export * from './json';
export * from './oscal';
export * from './uuid-v5';
export * from './render-report';
export * from './fonts';
