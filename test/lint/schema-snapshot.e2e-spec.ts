import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { diffSchemaCatalogs, migratedSchemaCatalog, type SchemaCatalog } from '@aup/db';

/** `npm run schema:check` in test form: the committed snapshot is what the migrations make, and drift is named. */
describe('lint: schema snapshot', () => {
  const snapshot = JSON.parse(
    readFileSync(join(__dirname, '../../libs/db/schema.snapshot.json'), 'utf8'),
  ) as SchemaCatalog;

  it('the migrations make exactly the committed schema', async () => {
    expect(diffSchemaCatalogs(snapshot, await migratedSchemaCatalog())).toEqual([]);
  }, 120_000);

  it('names each drift: a column, a default, a constraint, an index, a function body, a trigger', async () => {
    const drifted = await migratedSchemaCatalog(async (ds) => {
      await ds.query(`ALTER TABLE audit ADD COLUMN probe text`);
      await ds.query(`ALTER TABLE audit ALTER COLUMN title SET DEFAULT 'untitled'`);
      await ds.query(`ALTER TABLE audit ADD CONSTRAINT ck_probe CHECK (length(title) < 1000)`);
      await ds.query(`CREATE INDEX ix_probe ON audit (created_at)`);
      await ds.query(
        `CREATE OR REPLACE FUNCTION aup_forbid_update() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      );
      await ds.query(`DROP TRIGGER trg_audit_event_immutable ON audit_event`);
    });
    const diff = diffSchemaCatalogs(snapshot, drifted);
    expect(diff).toEqual([
      expect.stringMatching(/^~ functions\.aup_forbid_update\(\): "sha256:\w+" -> "sha256:\w+"$/),
      '+ indexes.ix_probe: "CREATE INDEX ix_probe ON public.audit USING btree (created_at)"',
      '+ tables.audit.columns.probe: "text NULL"',
      expect.stringMatching(
        /^~ tables\.audit\.columns\.title: "text NOT NULL" -> "text NOT NULL DEFAULT 'untitled'::text"$/,
      ),
      '+ tables.audit.constraints.ck_probe: "CHECK ((length(title) < 1000))"',
      expect.stringMatching(/^- triggers\.audit_event\.trg_audit_event_immutable: /),
    ]);
  }, 120_000);
});
