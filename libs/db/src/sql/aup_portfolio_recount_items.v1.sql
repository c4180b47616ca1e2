CREATE OR REPLACE FUNCTION aup_portfolio_recount_items(p_orgs uuid[])
 RETURNS void
 LANGUAGE sql
AS $function$
        UPDATE portfolio_org p SET open_items = (
          SELECT count(*) FROM remediation_item i
           WHERE i.organisation_id = p.organisation_id AND i.status IN ('open', 'in_progress', 'blocked'))
         WHERE p.organisation_id = ANY(p_orgs)
      $function$

