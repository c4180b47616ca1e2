export * from './lifecycle';
export * from './items-from-plan';
export * from './reminders';
export * from './webhook-address';
export * from './webhook-signature';
