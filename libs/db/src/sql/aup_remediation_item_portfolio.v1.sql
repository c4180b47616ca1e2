CREATE OR REPLACE FUNCTION aup_remediation_item_portfolio()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        IF TG_OP = 'INSERT' THEN PERFORM aup_portfolio_recount_items(ARRAY(SELECT DISTINCT organisation_id FROM new_rows));
        ELSIF TG_OP = 'DELETE' THEN PERFORM aup_portfolio_recount_items(ARRAY(SELECT DISTINCT organisation_id FROM old_rows));
        ELSE PERFORM aup_portfolio_recount_items(ARRAY(
          SELECT DISTINCT n.organisation_id FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.status IS DISTINCT FROM o.status));
        END IF;
        RETURN NULL;
      END $function$

