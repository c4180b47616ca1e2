CREATE OR REPLACE FUNCTION aup_answer_evidence(p_answer uuid)
 RETURNS jsonb
 LANGUAGE sql
 STABLE
AS $function$
        SELECT evidence FROM answer WHERE id = p_answer
      $function$
