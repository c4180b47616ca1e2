CREATE OR REPLACE FUNCTION aup_audit_event_doc(p_org uuid, p_seq bigint, p_actor uuid, p_entity text, p_entity_id text, p_action text, p_before jsonb, p_after jsonb, p_at timestamp with time zone, p_prev_hash text)
 RETURNS text
 LANGUAGE sql
 STABLE PARALLEL SAFE
AS $function$
        SELECT jsonb_build_object('format', 2, 'organisationId', p_org, 'seq', p_seq, 'actorUserId', p_actor, 'entity', p_entity,
                                  'entityId', p_entity_id, 'action', p_action, 'before', p_before, 'after', p_after,
                                  'at', to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'prevHash', p_prev_hash)::text
      $function$

