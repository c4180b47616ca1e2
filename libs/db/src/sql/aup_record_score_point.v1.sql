CREATE OR REPLACE FUNCTION aup_record_score_point()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      DECLARE
        v_rating text := COALESCE(NEW.result->>'rating', 'unrated');
      BEGIN
        INSERT INTO audit_score_point (snapshot_id, organisation_id, audit_id, rating, overall, created_at)
        VALUES (NEW.id, NEW.organisation_id, NEW.audit_id, v_rating, (NEW.result->>'overall')::numeric, NEW.created_at);
        UPDATE portfolio_org SET rating = v_rating, rating_rank = aup_rating_rank(v_rating), previous_overall = overall,
               overall = (NEW.result->>'overall')::numeric, scored_audits = scored_audits + 1, last_audit_at = NEW.created_at
         WHERE organisation_id = NEW.organisation_id;
        RETURN NEW;
      END $function$

