export * from './catalogue';
export * from './canonical-json';
export * from './conditions';
export * from './profile';
