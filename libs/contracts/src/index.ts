export * from './common';
export * from './auth';
export * from './organisations';
export * from './audits';
export * from './frameworks';
export * from './reports';
export * from './remediation';
export * from './policy-model';
