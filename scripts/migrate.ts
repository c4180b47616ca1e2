import 'reflect-metadata';
import { ConfigError, loadConfig } from '@aup/config';
import { databaseTarget, openDatabase, pendingMigrations, runMigrationsOnce } from '@aup/db';

/** `npm run migration:run|revert|show` against DATABASE_URL, or the embedded database under DATA_DIR. */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig();
  const ds = await openDatabase(databaseTarget(config), { migrate: false });
  try {
    if (command === 'run') {
      const applied = await runMigrationsOnce(ds);
      console.log(applied.length ? `applied: ${applied.join(', ')}` : 'nothing to apply');
    } else if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'show') {
      const pending = await pendingMigrations(ds);
      console.log(pending.length ? `pending: ${pending.join(', ')}` : 'up to date');
    } else {
      throw new Error(`unknown command ${command ?? '(none)'}: use run, revert or show`);
    }
  } finally {
    await ds.destroy();
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(
    `aup-audit: ${err instanceof ConfigError || err instanceof Error ? err.message : String(err)}\n`,
  );
  process.exit(1);
});
