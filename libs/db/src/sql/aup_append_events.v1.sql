CREATE OR REPLACE FUNCTION aup_append_events(p_chain uuid, p_events jsonb)
 RETURNS TABLE(event_id bigint, event_seq bigint, event_at timestamp with time zone, event_prev_hash text, event_hash text)
 LANGUAGE plpgsql
AS $function$
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
      END $function$

