CREATE OR REPLACE FUNCTION aup_answer_review_lock()
 RETURNS trigger
 LANGUAGE plpgsql
AS $function$
      DECLARE
        v_status text;
      BEGIN
        SELECT a.status INTO v_status FROM audit a WHERE a.id = NEW.audit_id;
        IF v_status IN ('submitted', 'closed') THEN
          RAISE EXCEPTION 'audit is locked' USING ERRCODE = 'UA423', DETAIL = v_status;
        END IF;
        IF v_status = 'in_review' AND NEW.status <> 'needs_changes'
           AND (TG_OP = 'INSERT' OR OLD.status IS DISTINCT FROM 'needs_changes') THEN
          RAISE EXCEPTION 'answer is locked for review' USING ERRCODE = 'UA423', DETAIL = v_status;
        END IF;
        RETURN NEW;
      END $function$

