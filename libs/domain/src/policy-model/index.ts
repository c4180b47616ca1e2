export * from './clauses';
export * from './action-plan';
export * from './obligations-register';
export * from './suggestions';
export * from './portfolio';
export * from './documents';
export * from './gap-items';
