export * from './entities/organisation.entity';
export * from './entities/user.entity';
export * from './entities/membership.entity';
export * from './registry';
export * from './data-source';
export * from './pg-errors';
export * from './transaction';
export * from './database.module';
