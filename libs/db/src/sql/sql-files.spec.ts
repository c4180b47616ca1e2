import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_FILES_V1 } from '../migrations/1797600000000-function-files';
import { FUNCTION_FILES_GAP_ITEMS } from '../migrations/1797690000000-function-files-gap-items';
import { FUNCTION_FILES_ANSWERS_INLINE } from '../migrations/1797700000000-answers-inline';
import { functionSql } from './function-sql';

/** Every released function file and its SHA-256: a released file never changes (add a new version instead). */
const RELEASED: Record<string, string> = {
  'aup_answer_evidence.v1.sql': 'ee5caec7adf5d4bc74af3c5dc63b103a05659adea27b8a2dff7a72fbccf95c88',
  'aup_answer_evidence.v2.sql': '21040a58d45c059ce48d003f67a848aad0b4b1df7522a8468e95de4ac10e990b',
  'aup_answer_review_lock.v1.sql': '9d185c9d50d15a0b53111d4afba7d79043304dbdb38eb0fec4de2d19b57d6b95',
  'aup_append_events.v1.sql': '8dc467e5b199c19ebe619fb04c144e3f09c0f3c90cf0db12df6b66fbbb2a1d75',
  'aup_audit_event_doc.v1.sql': 'fd55eb8a94ae0fdbc39d11ef84957e990cc7f0a5437a9959bff4a0b0bb7ba638',
  'aup_forbid_update.v1.sql': '9ff10fc7132537abc83a47f11ec82ef6ab4b5d218f23057044eea2492c6487c2',
  'aup_membership_portfolio.v1.sql': 'b0dbba094c590a6d2c69a679bf88c4a9875c615e5c351f6e415d9910994d59ef',
  'aup_portfolio_org_sync.v1.sql': '10bd499e0501ab556cbef8c29254ff0b179f70ed4109c267dcce2db9eec10ebd',
  'aup_portfolio_recount.v1.sql': '5d03d64cce6738a6750818885f097279a06afac1a6103287cb2b55873b3cb8a6',
  'aup_portfolio_recount_items.v1.sql': '640d87cf4a80cb9049d6cb933348f2d767cc199a739041eb467be85fb5a528b6',
  'aup_profile_hash.v1.sql': '1aba70be94ba2741c541a01caec03d98f7ab1660c786c18a125a1e5a5e53d400',
  'aup_rating_rank.v1.sql': '9474962bff0c5979d3bdc7fb7e4e87c55f5dedf8af8916652ea39e212fc0a68d',
  'aup_record_score_point.v1.sql': '4d0b5d1f06e6606b3014ced9b1e271e93ad84ddd7fdbf6d21f01d7c35401bd2b',
  'aup_remediation_item_portfolio.v1.sql': '7aa4ba3a7c099886c3e2c54d070398fc9b1fd4d48e02884121ff48e4dc45a71e',
  'aup_result_snapshot_version.v1.sql': '5f103f0fddb73fa21f143bb163b14bebee653227c6af5ac960906753f7b99495',
  'aup_save_answers.v1.sql': '723616540664a5c9fe89a7dc453099c92cfd1e513c56bc3b2dcdd07a03be9212',
  'aup_save_answers.v2.sql': '5e898733d548f135602627d5f52bf28d906545b3f72d90cfde65f192d383881a',
};

/** The files each migration loads; a migration that loads function files adds its list here. */
const LOADED = [...FUNCTION_FILES_V1, ...FUNCTION_FILES_GAP_ITEMS, ...FUNCTION_FILES_ANSWERS_INLINE];

const files = readdirSync(__dirname).filter((f) => f.endsWith('.sql'));
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('database function files', () => {
  it.each(files)('%s is loaded by a migration and defines the function it is named after', (file) => {
    expect(LOADED).toContain(file);
    const name = file.split('.')[0];
    expect(functionSql(file)).toMatch(new RegExp(`^CREATE OR REPLACE FUNCTION ${name}\\(`));
  });

  it('every file a migration loads exists', () => {
    expect(files).toEqual(expect.arrayContaining(LOADED));
  });

  it.each(Object.entries(RELEASED))('%s is unchanged since its release', (file, hash) => {
    expect(sha256(readFileSync(join(__dirname, file), 'utf8'))).toBe(hash);
  });

  it('refuses a file name that is not a function file', () => {
    expect(() => functionSql('../migrations/x.sql')).toThrow('not a function file name');
  });
});
