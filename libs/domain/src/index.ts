export * from './catalogue';
export * from './canonical-json';
export * from './conditions';
export * from './profile';
export * from './content-screening';
export * from './audit-chain';
