-- A billed line names its enrolment and worker without a foreign key (schema.ts: invoiceLines): the per-line
-- FOR KEY SHARE lock cost a third of a 100,000-line invoice. What the key guaranteed is kept instead by refusing
-- to delete enrolments and workers at all: a billed line always points at rows that exist.
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_enrolment_id_enrolments_id_fk";
--> statement-breakpoint
CREATE OR REPLACE FUNCTION refuse_delete() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION '% rows are never deleted (billed invoice lines and the audit trail point at them)', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER enrolments_never_deleted BEFORE DELETE OR TRUNCATE ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
--> statement-breakpoint
CREATE TRIGGER workers_never_deleted BEFORE DELETE OR TRUNCATE ON workers FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
