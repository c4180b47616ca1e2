export * from './common';
export * from './auth';
export * from './organisations';
export * from './audits';
export * from './frameworks';
export * from './policy-model';
