CREATE OR REPLACE FUNCTION aup_portfolio_org_sync()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        INSERT INTO portfolio_org (organisation_id, name, name_key, respondents_see_scores)
        VALUES (NEW.id, NEW.name, lower(NEW.name), COALESCE(NEW.settings -> 'respondentsSeeScores' = 'true'::jsonb, false))
        ON CONFLICT (organisation_id) DO UPDATE SET name = EXCLUDED.name, name_key = EXCLUDED.name_key, respondents_see_scores = EXCLUDED.respondents_see_scores;
        -- Respondents see the organisation in their portfolio only while it shows them scores.
        IF TG_OP = 'UPDATE' AND (OLD.settings -> 'respondentsSeeScores') IS DISTINCT FROM (NEW.settings -> 'respondentsSeeScores') THEN
          PERFORM aup_portfolio_recount(ARRAY(SELECT user_id FROM membership WHERE organisation_id = NEW.id AND role = 'respondent'));
        END IF;
        RETURN NEW;
      END $function$

