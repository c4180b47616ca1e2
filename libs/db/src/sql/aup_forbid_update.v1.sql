CREATE OR REPLACE FUNCTION aup_forbid_update()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      BEGIN
        RAISE EXCEPTION 'rows of % are immutable', TG_TABLE_NAME USING ERRCODE = '55000';
      END $function$

