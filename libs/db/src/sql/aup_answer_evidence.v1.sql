CREATE OR REPLACE FUNCTION aup_answer_evidence(p_answer uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $function$
        SELECT COALESCE(jsonb_agg(jsonb_build_object('title', e.title, 'kind', e.kind, 'location', e.location, 'ownerUserId', e.owner_user_id,
                 'ownerRole', e.owner_role, 'date', e.evidence_date, 'expiresOn', e.expires_on) ORDER BY e.position), '[]')
          FROM evidence_ref e WHERE e.answer_id = p_answer
      $function$

