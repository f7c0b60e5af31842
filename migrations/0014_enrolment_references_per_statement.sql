ALTER TABLE "enrolment_changes" DROP CONSTRAINT "enrolment_changes_enrolment_id_enrolments_id_fk";
--> statement-breakpoint
ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_worker_id_workers_id_fk";
--> statement-breakpoint
ALTER TABLE "enrolments" DROP CONSTRAINT "enrolments_program_id_programs_id_fk";
--> statement-breakpoint
-- Enrolments name their worker and programme, and feed changes their enrolment, without a row-level foreign key:
-- each such key checked and share-locked the row it points at once per inserted row, a quarter of what an
-- enrolment batch of 10,000 cost PostgreSQL (schema.ts: enrolments.workerId). What the keys guaranteed is kept:
-- every INSERT statement's new rows are checked at once (below), and the rows they point at are never deleted
-- (refuse_delete, migrations 0007 and 0012, and programmes here) nor their ids changed (refuse_key_change).
-- Each check is a scalar subquery per new row, an index probe each, whatever the planner makes of the
-- transition table's size.
CREATE OR REPLACE FUNCTION enrolments_check_references() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE (SELECT true FROM workers w WHERE w.id = n.worker_id) IS NULL) THEN
    RAISE EXCEPTION 'an enrolment names a worker that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'enrolments', CONSTRAINT = 'enrolments_worker_exists';
  END IF;
  IF EXISTS (SELECT 1 FROM (SELECT DISTINCT program_id FROM new_rows) n WHERE (SELECT true FROM programs p WHERE p.id = n.program_id) IS NULL) THEN
    RAISE EXCEPTION 'an enrolment names a programme that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'enrolments', CONSTRAINT = 'enrolments_program_exists';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER enrolments_references_exist AFTER INSERT ON enrolments
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrolments_check_references();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION enrolment_changes_check_references() RETURNS trigger AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM new_rows n WHERE (SELECT true FROM enrolments e WHERE e.id = n.enrolment_id) IS NULL) THEN
    RAISE EXCEPTION 'a feed change names an enrolment that does not exist'
      USING ERRCODE = 'foreign_key_violation', TABLE = 'enrolment_changes', CONSTRAINT = 'enrolment_changes_enrolment_exists';
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER enrolment_changes_references_exist AFTER INSERT ON enrolment_changes
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION enrolment_changes_check_references();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_key_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'the ids of % and what they point at never change', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
-- UPDATE OF fires only for an UPDATE that sets one of these columns, which no code path does: no cost elsewhere.
CREATE TRIGGER workers_id_fixed BEFORE UPDATE OF id ON workers
  FOR EACH ROW WHEN (old.id IS DISTINCT FROM new.id) EXECUTE FUNCTION refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER programs_id_fixed BEFORE UPDATE OF id ON programs
  FOR EACH ROW WHEN (old.id IS DISTINCT FROM new.id) EXECUTE FUNCTION refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER enrolments_keys_fixed BEFORE UPDATE OF id, worker_id, program_id ON enrolments
  FOR EACH ROW WHEN (old.id IS DISTINCT FROM new.id OR old.worker_id IS DISTINCT FROM new.worker_id OR old.program_id IS DISTINCT FROM new.program_id)
  EXECUTE FUNCTION refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER enrolment_changes_key_fixed BEFORE UPDATE OF enrolment_id ON enrolment_changes
  FOR EACH ROW WHEN (old.enrolment_id IS DISTINCT FROM new.enrolment_id) EXECUTE FUNCTION refuse_key_change();
--> statement-breakpoint
CREATE TRIGGER programs_never_deleted BEFORE DELETE OR TRUNCATE ON programs FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
