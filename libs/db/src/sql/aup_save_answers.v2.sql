CREATE OR REPLACE FUNCTION aup_save_answers(p_audit uuid, p_org uuid, p_user uuid, p_manager boolean, p_content_hash text, p_profile_hash text, p_items jsonb)
 RETURNS jsonb
 LANGUAGE plpgsql
AS $function$
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
        v_before jsonb;
        v_saved_rows jsonb := '[]';
        v_events jsonb := '[]';
      BEGIN
        -- Every save raises the audit's answers revision (what draft results are cached by), so it locks the
        -- audit row first: saves of one audit queue here, and a concurrent submit cannot slip in. A first
        -- answer also moves a draft to in_progress.
        SELECT a.status, a.content_hash INTO v_status, v_content_hash FROM audit a WHERE a.id = p_audit AND a.organisation_id = p_org FOR NO KEY UPDATE;
        IF NOT FOUND THEN RAISE EXCEPTION 'audit not found' USING ERRCODE = 'UA404'; END IF;
        IF v_status IN ('submitted', 'closed') THEN RAISE EXCEPTION 'audit is locked' USING ERRCODE = 'UA423', DETAIL = v_status; END IF;
        v_started := v_status = 'draft';
        IF v_started THEN
          UPDATE audit SET status = 'in_progress', version = version + 1, updated_at = now(), answers_revision = answers_revision + 1 WHERE id = p_audit;
        ELSE
          UPDATE audit SET answers_revision = answers_revision + 1 WHERE id = p_audit;
        END IF;
        IF v_content_hash <> p_content_hash OR p_profile_hash <> (SELECT o.profile_hash FROM organisation o WHERE o.id = p_org) THEN
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
            v_before := jsonb_build_object('version', v_row.version, 'value', v_row.value, 'status', v_row.status, 'justification', v_row.justification,
                                           'note', v_row.note, 'evidence', v_row.evidence);
            UPDATE answer SET value = v_item->'value', status = v_item->>'status', justification = v_item->>'justification', note = v_item->>'note',
                   evidence = v_item->'evidence', answered_by = p_user, answered_at = now(), version = version + 1, updated_at = now()
             WHERE id = v_row.id RETURNING * INTO v_saved;
          ELSE
            INSERT INTO answer (audit_id, organisation_id, question_id, value, status, justification, note, evidence, answered_by, answered_at)
            VALUES (p_audit, p_org, v_item->>'questionId', v_item->'value', v_item->>'status', v_item->>'justification', v_item->>'note',
                    v_item->'evidence', p_user, now())
            ON CONFLICT (audit_id, question_id) DO NOTHING RETURNING * INTO v_saved;
            -- A concurrent first write won.
            IF NOT FOUND THEN RAISE EXCEPTION 'version conflict' USING ERRCODE = 'UA409', DETAIL = jsonb_build_array(v_item->>'questionId')::text; END IF;
          END IF;
          -- No history row: the answer's trail event below holds its full state, and the history is read from there.
          v_saved_rows := v_saved_rows || to_jsonb(v_saved);
          v_events := v_events || jsonb_build_object('organisationId', p_org, 'actorUserId', p_user, 'entity', 'answer', 'entityId', v_saved.id,
            'action', CASE WHEN v_row.id IS NULL THEN 'created' ELSE 'updated' END, 'before', v_before,
            'after', jsonb_build_object('auditId', p_audit, 'questionId', v_saved.question_id, 'version', v_saved.version, 'value', v_saved.value,
              'status', v_saved.status, 'justification', v_saved.justification, 'note', v_saved.note, 'evidence', v_saved.evidence));
        END LOOP;

        PERFORM 1 FROM aup_append_events(p_org, v_events);
        RETURN jsonb_build_object('answers', v_saved_rows);
      END $function$

