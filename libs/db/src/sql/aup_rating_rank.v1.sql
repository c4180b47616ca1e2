CREATE OR REPLACE FUNCTION aup_rating_rank(p_rating text)
 RETURNS smallint
 LANGUAGE sql
 IMMUTABLE
AS $function$
        SELECT CASE p_rating WHEN 'red' THEN 0 WHEN 'amber' THEN 1 WHEN 'green' THEN 2 END::smallint
      $function$

