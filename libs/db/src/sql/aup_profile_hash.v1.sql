CREATE OR REPLACE FUNCTION aup_profile_hash(p_profile jsonb)
 RETURNS text
 LANGUAGE sql
 IMMUTABLE PARALLEL SAFE
AS $function$
        SELECT encode(sha256(convert_to(COALESCE(p_profile, '{}'::jsonb)::text, 'UTF8')), 'hex')
      $function$

