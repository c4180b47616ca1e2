CREATE OR REPLACE FUNCTION aup_portfolio_recount(p_users uuid[])
 RETURNS void
 LANGUAGE sql
AS $function$
        INSERT INTO portfolio_user (user_id, visible)
        SELECT u, (SELECT count(*) FROM membership m JOIN portfolio_org p ON p.organisation_id = m.organisation_id
                    WHERE m.user_id = u AND (m.role <> 'respondent' OR p.respondents_see_scores))
          FROM unnest(p_users) u WHERE EXISTS (SELECT 1 FROM "user" WHERE id = u)
        ON CONFLICT (user_id) DO UPDATE SET visible = EXCLUDED.visible
      $function$

