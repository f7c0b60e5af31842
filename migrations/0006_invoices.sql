CREATE TABLE "invoice_lines" (
	"invoice_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"worker_id" uuid NOT NULL,
	"nik" text NOT NULL,
	"name" text NOT NULL,
	"kpj_number" text NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "invoice_lines_invoice_id_line_no_pk" PRIMARY KEY("invoice_id","line_no"),
	CONSTRAINT "invoice_lines_amount_positive" CHECK ("invoice_lines"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "invoice_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"invoice_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"sp2d_number" text NOT NULL,
	"paid_at" date NOT NULL,
	"amount" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "invoices_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"program_id" uuid NOT NULL,
	"program_code" text NOT NULL,
	"branch_code" text NOT NULL,
	"month" text NOT NULL,
	"status" text DEFAULT 'DRAFT' NOT NULL,
	"line_count" integer DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"unit_amount" bigint NOT NULL,
	"void_reason" text,
	"acknowledged_at" timestamp with time zone,
	"history" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_status" CHECK ("invoices"."status" in ('DRAFT', 'ISSUED', 'PAID', 'VOID')),
	CONSTRAINT "invoices_month_format" CHECK ("invoices"."month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "invoices_amounts" CHECK ("invoices"."line_count" >= 0 and "invoices"."total" >= 0 and "invoices"."total" = "invoices"."line_count" * "invoices"."unit_amount")
);
--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "invoiced_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ADD COLUMN "paid_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_payments" ADD CONSTRAINT "invoice_payments_invoice_id_invoices_id_fk" FOREIGN KEY ("invoice_id") REFERENCES "public"."invoices"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_enrolment_unique" ON "invoice_lines" USING btree ("invoice_id","enrolment_id");--> statement-breakpoint
CREATE INDEX "invoice_lines_worker_idx" ON "invoice_lines" USING btree ("worker_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_invoice_unique" ON "invoice_payments" USING btree ("invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_payments_sp2d_unique" ON "invoice_payments" USING btree ("program_id","sp2d_number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_seq_unique" ON "invoices" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_one_per_month" ON "invoices" USING btree ("program_id","branch_code","month") WHERE "invoices"."status" <> 'VOID';--> statement-breakpoint
CREATE INDEX "invoices_program_month_idx" ON "invoices" USING btree ("program_id","month");--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_invoiced_paid_nonnegative" CHECK ("enrolments"."invoiced_amount" >= 0 and "enrolments"."paid_amount" >= 0);