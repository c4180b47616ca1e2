CREATE OR REPLACE FUNCTION aup_membership_portfolio()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        IF TG_OP = 'INSERT' THEN PERFORM aup_portfolio_recount(ARRAY(SELECT DISTINCT user_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN PERFORM aup_portfolio_recount(ARRAY(SELECT DISTINCT user_id FROM old_rows));
        ELSE PERFORM aup_portfolio_recount(ARRAY(SELECT user_id FROM new_rows UNION SELECT user_id FROM old_rows));
        END IF;
        RETURN NULL;
      END $function$

