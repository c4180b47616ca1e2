import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail's chain is extended inside PostgreSQL, so a change and its hash-chained event are one
 * statement: `aup_append_events` locks the chain head, hashes and inserts the events and moves the head;
 * `aup_save_answers` saves one answer or a batch (audit checks, version checks, evidence, history and
 * the events) in one call, so a save is a single round trip that commits on its own.
 *
 * Events written here use chain format 2: the hash is SHA-256 of the event's canonical text, which is
 * PostgreSQL's jsonb text of its fields (`aup_audit_event_doc`: keys in jsonb order, the previous event's
 * hash included). Verification recomputes that text from the stored columns and hashes it again. Events
 * written before this migration keep format 1 (hashed by the api over its own canonical JSON) and verify
 * as before; one chain may hold both.
 */
export class TrailInDatabase1796000000000 implements MigrationInterface {
  name = 'TrailInDatabase1796000000000';

  async up(q: QueryRunner): Promise<void> {
    // Existing rows are format 1; new rows must say which rule hashed them, so no default afterwards.
    await q.query(
      `ALTER TABLE "audit_event" ADD COLUMN "format" smallint NOT NULL DEFAULT 1 CHECK ("format" IN (1, 2))`,
    );
    await q.query(`ALTER TABLE "audit_event" ALTER COLUMN "format" DROP DEFAULT`);

    // The text a format-2 hash covers. `at` with microseconds, in UTC, as stored.
    await q.query(`
      CREATE FUNCTION "aup_audit_event_doc"(p_org uuid, p_seq bigint, p_actor uuid, p_entity text, p_entity_id text, p_action text,
                                            p_before jsonb, p_after jsonb, p_at timestamptz, p_prev_hash text)
      RETURNS text LANGUAGE sql STABLE PARALLEL SAFE AS $$
        SELECT jsonb_build_object('format', 2, 'organisationId', p_org, 'seq', p_seq, 'actorUserId', p_actor, 'entity', p_entity,
                                  'entityId', p_entity_id, 'action', p_action, 'before', p_before, 'after', p_after,
                                  'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'prevHash', p_prev_hash)::text
      $$`);

    // Appends events (a jsonb array of {organisationId, actorUserId, entity, entityId, action, before, after})
    // to one chain, in order. The head row is locked by the upsert until the caller's transaction ends, so
    // concurrent appends to a chain queue instead of forking it.
    await q.query(`
      CREATE FUNCTION "aup_append_events"(p_chain uuid, p_events jsonb)
      RETURNS TABLE (event_id bigint, event_seq bigint, event_at timestamptz, event_prev_hash text, event_hash text)
      LANGUAGE plpgsql AS $$
      DECLARE
        n integer := jsonb_array_length(p_events);
        v_seq bigint;
        v_hash text;
        v_at timestamptz := clock_timestamp();
        e jsonb;
      BEGIN
        IF n = 0 THEN RETURN; END IF;
        INSERT INTO audit_chain_head AS h (chain_id, seq, last_hash) VALUES (p_chain, n, repeat('0', 64))
          ON CONFLICT (chain_id) DO UPDATE SET seq = h.seq + EXCLUDED.seq
          RETURNING h.seq - n, h.last_hash INTO v_seq, v_hash;
        FOR e IN SELECT value FROM jsonb_array_elements(p_events) LOOP
          v_seq := v_seq + 1;
          event_prev_hash := v_hash;
          v_hash := encode(sha256(convert_to(aup_audit_event_doc((e->>'organisationId')::uuid, v_seq, (e->>'actorUserId')::uuid, e->>'entity',
                      e->>'entityId', e->>'action', COALESCE(e->'before', 'null'), COALESCE(e->'after', 'null'), v_at, event_prev_hash), 'UTF8')), 'hex');
          INSERT INTO audit_event (organisation_id, seq, actor_user_id, entity, entity_id, action, before, after, at, prev_hash, hash, format)
            VALUES ((e->>'organisationId')::uuid, v_seq, (e->>'actorUserId')::uuid, e->>'entity', e->>'entityId', e->>'action',
                    COALESCE(e->'before', 'null'), COALESCE(e->'after', 'null'), v_at, event_prev_hash, v_hash, 2)
            RETURNING id INTO event_id;
          event_seq := v_seq;
          event_at := v_at;
          event_hash := v_hash;
          RETURN NEXT;
        END LOOP;
        UPDATE audit_chain_head SET last_hash = v_hash WHERE chain_id = p_chain;
      END $$`);

    // The hash an answer save is checked against, and the results cache is keyed by: SHA-256 of the
    // profile's jsonb text (an absent profile counts as the empty one).
    await q.query(`
      CREATE FUNCTION "aup_profile_hash"(p_profile jsonb) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT encode(sha256(convert_to(COALESCE(p_profile, '{}'::jsonb)::text, 'UTF8')), 'hex')
      $$`);

    // An answer's evidence references as the api shows them (EvidenceRef), in order.
    await q.query(`
      CREATE FUNCTION "aup_answer_evidence"(p_answer uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
        SELECT COALESCE(jsonb_agg(jsonb_build_object('title', e.title, 'kind', e.kind, 'location', e.location, 'ownerUserId', e.owner_user_id,
                 'ownerRole', e.owner_role, 'date', e.evidence_date, 'expiresOn', e.expires_on) ORDER BY e.position), '[]')
          FROM evidence_ref e WHERE e.answer_id = p_answer
      $$`);

    // Answers saved in one call, all or nothing: one for PUT .../answers/:questionId, several for a batch.
    // p_items: [{questionId, section, expected (the version the caller read, null to create), value,
    // status, justification, note, evidence (EvidenceRef[])}], in question order: that is the order rows
    // are locked in, the same for every writer, so writers of the same answers queue instead of
    // deadlocking (items out of order are refused, SQLSTATE 22023). Every refusal raises, so the call's
    // transaction rolls back whole, with its own SQLSTATE, which the api turns into a problem:
    //   UA404 no such audit in the organisation        UA423 the audit is locked (DETAIL: its status)
    //   UA412 the profile or catalogue the api checked the answers against is no longer current
    //   UA403 a section is not assigned to the caller (DETAIL: the section)
    //   UA409 answers whose version is not the one sent (DETAIL: their question ids, a JSON array)
    // Lock order as for every writer of answers: the audit (draft -> in_progress first, else shared), the
    // answer rows in question order, then the chain head. Returns {answers: the saved rows, in item order};
    // the trail gets the audit's start (when this call started it) and one event per answer, in that order.
    // Items are walked by index (expressions, not queries): most calls save one answer, and this is its hot path.
    await q.query(`
      CREATE FUNCTION "aup_save_answers"(p_audit uuid, p_org uuid, p_user uuid, p_manager boolean, p_content_hash text, p_profile_hash text, p_items jsonb)
      RETURNS jsonb LANGUAGE plpgsql AS $$
      DECLARE
        v_status text;
        v_content_hash text;
        v_started boolean;
        v_section text;
        v_item jsonb;
        v_rows answer[] := '{}';
        v_row answer;
        v_saved answer;
        v_conflicts jsonb := '[]';
        v_old_evidence jsonb;
        v_before jsonb;
        v_saved_rows jsonb := '[]';
        v_events jsonb := '[]';
      BEGIN
        -- A first answer moves a draft to in_progress. That update runs first and locks nothing unless the
        -- audit is still a draft, so concurrent first answers queue on it instead of deadlocking.
        UPDATE audit SET status = 'in_progress', version = version + 1, updated_at = now()
         WHERE id = p_audit AND organisation_id = p_org AND status = 'draft'
        RETURNING status, content_hash INTO v_status, v_content_hash;
        v_started := FOUND;
        IF NOT v_started THEN
          SELECT a.status, a.content_hash INTO v_status, v_content_hash FROM audit a WHERE a.id = p_audit AND a.organisation_id = p_org FOR SHARE;
          IF NOT FOUND THEN RAISE EXCEPTION 'audit not found' USING ERRCODE = 'UA404'; END IF;
          IF v_status IN ('submitted', 'closed') THEN RAISE EXCEPTION 'audit is locked' USING ERRCODE = 'UA423', DETAIL = v_status; END IF;
        END IF;
        IF v_content_hash <> p_content_hash OR p_profile_hash <> (SELECT aup_profile_hash(o.profile) FROM organisation o WHERE o.id = p_org) THEN
          RAISE EXCEPTION 'profile or catalogue changed' USING ERRCODE = 'UA412';
        END IF;
        IF NOT p_manager THEN
          SELECT i->>'section' INTO v_section FROM jsonb_array_elements(p_items) i
           WHERE NOT EXISTS (SELECT 1 FROM section_assignment s WHERE s.audit_id = p_audit AND s.user_id = p_user AND s.section = i->>'section')
           LIMIT 1;
          IF FOUND THEN RAISE EXCEPTION 'section not assigned' USING ERRCODE = 'UA403', DETAIL = v_section; END IF;
        END IF;

        -- Lock every row and compare versions before writing any, so all conflicts are reported at once.
        FOR i IN 0 .. jsonb_array_length(p_items) - 1 LOOP
          v_item := p_items->i;
          IF i > 0 AND (v_item->>'questionId') COLLATE "C" <= (p_items->(i - 1)->>'questionId') COLLATE "C" THEN
            RAISE EXCEPTION 'answers must come in question order, each once' USING ERRCODE = '22023';
          END IF;
          SELECT * INTO v_row FROM answer a WHERE a.audit_id = p_audit AND a.question_id = v_item->>'questionId' FOR UPDATE;
          IF (v_item->>'expected')::integer IS DISTINCT FROM v_row.version THEN
            v_conflicts := v_conflicts || to_jsonb(v_item->>'questionId');
          END IF;
          v_rows := v_rows || v_row;
        END LOOP;
        IF v_conflicts <> '[]' THEN RAISE EXCEPTION 'version conflict' USING ERRCODE = 'UA409', DETAIL = v_conflicts::text; END IF;

        IF v_started THEN
          v_events := jsonb_build_array(jsonb_build_object('organisationId', p_org, 'actorUserId', p_user, 'entity', 'audit', 'entityId', p_audit,
            'action', 'started', 'before', jsonb_build_object('status', 'draft'), 'after', jsonb_build_object('status', 'in_progress', 'trigger', 'first_answer')));
        END IF;
        FOR i IN 0 .. jsonb_array_length(p_items) - 1 LOOP
          v_item := p_items->i;
          v_row := v_rows[i + 1];
          v_before := 'null';
          IF v_row.id IS NOT NULL THEN
            v_old_evidence := aup_answer_evidence(v_row.id);
            IF v_old_evidence <> '[]' THEN DELETE FROM evidence_ref WHERE answer_id = v_row.id; END IF;
            v_before := jsonb_build_object('version', v_row.version, 'value', v_row.value, 'status', v_row.status, 'justification', v_row.justification,
                                           'note', v_row.note, 'evidence', v_old_evidence);
            UPDATE answer SET value = v_item->'value', status = v_item->>'status', justification = v_item->>'justification', note = v_item->>'note',
                   answered_by = p_user, answered_at = now(), version = version + 1, updated_at = now()
             WHERE id = v_row.id RETURNING * INTO v_saved;
          ELSE
            INSERT INTO answer (audit_id, organisation_id, question_id, value, status, justification, note, answered_by, answered_at)
            VALUES (p_audit, p_org, v_item->>'questionId', v_item->'value', v_item->>'status', v_item->>'justification', v_item->>'note', p_user, now())
            ON CONFLICT (audit_id, question_id) DO NOTHING RETURNING * INTO v_saved;
            -- A concurrent first write won.
            IF NOT FOUND THEN RAISE EXCEPTION 'version conflict' USING ERRCODE = 'UA409', DETAIL = jsonb_build_array(v_item->>'questionId')::text; END IF;
          END IF;
          IF v_item->'evidence' <> '[]' THEN
            INSERT INTO evidence_ref (answer_id, organisation_id, position, title, kind, location, owner_user_id, owner_role, evidence_date, expires_on)
            SELECT v_saved.id, p_org, e.ord - 1, e.v->>'title', e.v->>'kind', e.v->>'location', (e.v->>'ownerUserId')::uuid, e.v->>'ownerRole',
                   (e.v->>'date')::date, (e.v->>'expiresOn')::date
              FROM jsonb_array_elements(v_item->'evidence') WITH ORDINALITY AS e(v, ord);
          END IF;
          INSERT INTO answer_history (answer_id, audit_id, question_id, version, value, status, justification, note, evidence, changed_by, changed_at)
          VALUES (v_saved.id, v_saved.audit_id, v_saved.question_id, v_saved.version, v_saved.value, v_saved.status, v_saved.justification,
                  v_saved.note, v_item->'evidence', v_saved.answered_by, v_saved.answered_at);
          v_saved_rows := v_saved_rows || to_jsonb(v_saved);
          v_events := v_events || jsonb_build_object('organisationId', p_org, 'actorUserId', p_user, 'entity', 'answer', 'entityId', v_saved.id,
            'action', CASE WHEN v_row.id IS NULL THEN 'created' ELSE 'updated' END, 'before', v_before,
            'after', jsonb_build_object('auditId', p_audit, 'questionId', v_saved.question_id, 'version', v_saved.version, 'value', v_saved.value,
              'status', v_saved.status, 'justification', v_saved.justification, 'note', v_saved.note, 'evidence', v_item->'evidence'));
        END LOOP;

        PERFORM 1 FROM aup_append_events(p_org, v_events);
        RETURN jsonb_build_object('answers', v_saved_rows);
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION "aup_save_answers"(uuid, uuid, uuid, boolean, text, text, jsonb)`);
    await q.query(`DROP FUNCTION "aup_answer_evidence"(uuid)`);
    await q.query(`DROP FUNCTION "aup_profile_hash"(jsonb)`);
    await q.query(`DROP FUNCTION "aup_append_events"(uuid, jsonb)`);
    await q.query(
      `DROP FUNCTION "aup_audit_event_doc"(uuid, bigint, uuid, text, text, text, jsonb, jsonb, timestamptz, text)`,
    );
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "format"`);
  }
}
