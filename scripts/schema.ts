import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { diffSchemaCatalogs, migratedSchemaCatalog, type SchemaCatalog } from '@aup/db';

/** The committed catalog of the migrated schema, from dist/scripts. */
const SNAPSHOT = resolve(__dirname, '../../libs/db/schema.snapshot.json');

/**
 * `npm run schema:check`: migrates a fresh embedded database and compares its catalog with the committed
 * snapshot; any difference fails. `npm run schema:snapshot` rewrites the snapshot after a new migration.
 */
async function main(command: string | undefined): Promise<void> {
  const actual = await migratedSchemaCatalog();
  if (command === 'snapshot') {
    writeFileSync(SNAPSHOT, `${JSON.stringify(actual, null, 2)}\n`);
    console.log(`schema snapshot written (${Object.keys(actual.tables).length} tables)`);
  } else if (command === 'check') {
    const expected = JSON.parse(readFileSync(SNAPSHOT, 'utf8')) as SchemaCatalog;
    const diff = diffSchemaCatalogs(expected, actual);
    if (diff.length) {
      console.error(diff.join('\n'));
      console.error(
        `\nThe migrated schema differs from libs/db/schema.snapshot.json in ${diff.length} place(s). A new migration? Run npm run schema:snapshot and commit the file with it.`,
      );
      process.exit(1);
    }
    console.log('schema matches libs/db/schema.snapshot.json');
  } else {
    throw new Error(`unknown command ${command ?? '(none)'}: use check or snapshot`);
  }
}

main(process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`aup-audit: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
