-- A billed line names its invoice without a foreign key (schema.ts: invoiceLines): its per-line check and lock on
-- the one invoice row cost 0.3 s of a 100,000-line invoice. The lines are written only in the transaction that
-- creates their invoice, and an invoice is never deleted (a VOID invoice stays, with its lines and its history).
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk";
--> statement-breakpoint
CREATE TRIGGER invoices_never_deleted BEFORE DELETE OR TRUNCATE ON invoices FOR EACH STATEMENT EXECUTE FUNCTION refuse_delete();
