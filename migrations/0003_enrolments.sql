CREATE TABLE "branch_feeds" (
	"branch_code" text PRIMARY KEY NOT NULL,
	"last_change_id" bigint DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "enrolment_changes" (
	"branch_code" text NOT NULL,
	"change_id" bigint NOT NULL,
	"enrolment_id" uuid NOT NULL,
	"action" text NOT NULL,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolment_changes_branch_code_change_id_pk" PRIMARY KEY("branch_code","change_id")
);
--> statement-breakpoint
CREATE TABLE "enrolments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "enrolments_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"worker_id" uuid NOT NULL,
	"program_id" uuid NOT NULL,
	"program_code" text NOT NULL,
	"branch_code" text NOT NULL,
	"start_month" text NOT NULL,
	"end_month" text,
	"status" text DEFAULT 'PENDING' NOT NULL,
	"kpj_number" text,
	"rejection_reason" text,
	"end_reason" text,
	"reserved_amount" bigint NOT NULL,
	"eligibility" jsonb NOT NULL,
	"ruleset_version" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "enrolments_status" CHECK ("enrolments"."status" in ('PENDING', 'ACTIVE', 'ENDED', 'REJECTED')),
	CONSTRAINT "enrolments_month_format" CHECK ("enrolments"."start_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' and ("enrolments"."end_month" is null or "enrolments"."end_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$')),
	CONSTRAINT "enrolments_active_has_kpj" CHECK ("enrolments"."status" <> 'ACTIVE' or "enrolments"."kpj_number" is not null),
	CONSTRAINT "enrolments_reserved_nonnegative" CHECK ("enrolments"."reserved_amount" >= 0)
);
--> statement-breakpoint
ALTER TABLE "enrolment_changes" ADD CONSTRAINT "enrolment_changes_enrolment_id_enrolments_id_fk" FOREIGN KEY ("enrolment_id") REFERENCES "public"."enrolments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "enrolments" ADD CONSTRAINT "enrolments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_seq_unique" ON "enrolments" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "enrolments_worker_program_unique" ON "enrolments" USING btree ("worker_id","program_id") WHERE "enrolments"."status" <> 'REJECTED';--> statement-breakpoint
CREATE INDEX "enrolments_program_seq_idx" ON "enrolments" USING btree ("program_id","seq");--> statement-breakpoint
CREATE INDEX "enrolments_branch_seq_idx" ON "enrolments" USING btree ("branch_code","seq");--> statement-breakpoint
CREATE INDEX "enrolments_worker_idx" ON "enrolments" USING btree ("worker_id");