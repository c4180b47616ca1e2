import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The statement in `libs/db/src/sql/<file>` (copied next to the compiled migrations by `npm run build`). */
export function functionSql(file: string): string {
  if (!/^aup_[a-z_]+\.v\d+\.sql$/.test(file)) throw new Error(`not a function file name: ${file}`);
  return readFileSync(join(__dirname, file), 'utf8');
}
