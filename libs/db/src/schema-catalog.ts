import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { createDataSource, runMigrationsOnce } from './data-source';

/**
 * What the migrations make of an empty database, read from PostgreSQL's catalog: every table with its
 * columns (type, nullability, default), constraints, indexes, functions (a hash of each definition) and
 * triggers of the `public` schema, minus what extensions own. Keys are sorted, so the JSON of two equal
 * schemas is byte for byte the same.
 */
export interface SchemaCatalog {
  tables: Record<string, { columns: Record<string, string>; constraints: Record<string, string> }>;
  indexes: Record<string, string>;
  functions: Record<string, string>;
  triggers: Record<string, string>;
}

const NOT_EXTENSION = (oid: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = ${oid} AND d.deptype = 'e')`;

const sorted = <T>(entries: [string, T][]): Record<string, T> =>
  Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export async function readSchemaCatalog(ds: DataSource): Promise<SchemaCatalog> {
  const columns: {
    tbl: string;
    col: string;
    type: string;
    notnull: boolean;
    def: string | null;
    ident: string;
    gen: string;
  }[] = await ds.query(`
      SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS type,
             a.attnotnull AS notnull, pg_get_expr(ad.adbin, ad.adrelid) AS def, a.attidentity AS ident,
             a.attgenerated AS gen
        FROM pg_attribute a
        JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
        LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
       WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         AND ${NOT_EXTENSION('c.oid')}`);
  const constraints: { tbl: string; name: string; def: string }[] = await ds.query(`
      SELECT c.relname AS tbl, k.conname AS name, pg_get_constraintdef(k.oid) AS def
        FROM pg_constraint k
        JOIN pg_class c ON c.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND k.contype IN ('p', 'u', 'f', 'c', 'x') AND ${NOT_EXTENSION('c.oid')}`);
  const indexes: { name: string; def: string }[] = await ds.query(`
      SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND ${NOT_EXTENSION('c.oid')}`);
  const functions: { name: string; def: string }[] = await ds.query(`
      SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
             pg_get_functiondef(p.oid) AS def
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
       WHERE n.nspname = 'public' AND p.prokind IN ('f', 'p') AND ${NOT_EXTENSION('p.oid')}`);
  const triggers: { name: string; def: string }[] = await ds.query(`
      SELECT c.relname || '.' || t.tgname AS name, pg_get_triggerdef(t.oid) AS def
        FROM pg_trigger t
        JOIN pg_class c ON c.oid = t.tgrelid
        JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND NOT t.tgisinternal`);

  const tables = new Map<string, { columns: [string, string][]; constraints: [string, string][] }>();
  const table = (name: string) => {
    let t = tables.get(name);
    if (!t) tables.set(name, (t = { columns: [], constraints: [] }));
    return t;
  };
  for (const c of columns) {
    const parts = [c.type, c.notnull ? 'NOT NULL' : 'NULL'];
    if (c.def !== null) parts.push(`DEFAULT ${c.def}`);
    if (c.ident) parts.push(`IDENTITY ${c.ident}`);
    if (c.gen) parts.push(`GENERATED ${c.gen}`);
    table(c.tbl).columns.push([c.col, parts.join(' ')]);
  }
  for (const k of constraints) table(k.tbl).constraints.push([k.name, k.def]);
  return {
    tables: sorted(
      [...tables].map(([name, t]) => [
        name,
        { columns: sorted(t.columns), constraints: sorted(t.constraints) },
      ]),
    ),
    indexes: sorted(indexes.map((i) => [i.name, i.def])),
    functions: sorted(
      functions.map((f) => [f.name, `sha256:${createHash('sha256').update(f.def).digest('hex')}`]),
    ),
    triggers: sorted(triggers.map((t) => [t.name, t.def])),
  };
}

/** The catalog of a fresh in-memory database (embedded PGlite) after every migration. */
export async function migratedSchemaCatalog(
  change?: (ds: DataSource) => Promise<void>,
): Promise<SchemaCatalog> {
  const ds = await createDataSource({ embeddedDataDir: 'memory://' });
  await ds.initialize();
  try {
    await runMigrationsOnce(ds);
    await change?.(ds);
    return await readSchemaCatalog(ds);
  } finally {
    await ds.destroy();
  }
}

/** Where two catalogs differ, one line per object: `+` only in `actual`, `-` only in `expected`, `~` changed. */
export function diffSchemaCatalogs(expected: SchemaCatalog, actual: SchemaCatalog): string[] {
  const out: string[] = [];
  const walk = (path: string, a: unknown, b: unknown) => {
    if (typeof a === 'object' && a !== null && typeof b === 'object' && b !== null) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
      for (const k of keys)
        walk(path ? `${path}.${k}` : k, (a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]);
    } else if (a === undefined) out.push(`+ ${path}: ${JSON.stringify(b)}`);
    else if (b === undefined) out.push(`- ${path}: ${JSON.stringify(a)}`);
    else if (a !== b) out.push(`~ ${path}: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  };
  walk('', expected, actual);
  return out;
}
