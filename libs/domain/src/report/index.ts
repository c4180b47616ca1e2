export * from './report-rules';
export * from './report-content';
