import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES, MIGRATIONS } from './registry';

/**
 * For the TypeORM CLI only (`npm run migration:generate -- <Name>`): diffs the entities against the
 * PostgreSQL database in DATABASE_URL. The application never uses this file.
 */
export default new DataSource({
  type: 'postgres',
  url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  entities: ENTITIES,
  migrations: MIGRATIONS,
  migrationsTableName: 'typeorm_migrations',
  synchronize: false,
});
