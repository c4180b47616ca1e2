CREATE OR REPLACE FUNCTION aup_result_snapshot_version()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        IF NEW.version IS NULL THEN
          NEW.version := COALESCE((SELECT max(s.version) FROM result_snapshot s WHERE s.audit_id = NEW.audit_id), 0) + 1;
        END IF;
        RETURN NEW;
      END $function$

