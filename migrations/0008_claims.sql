CREATE TABLE "claim_payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"claim_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount" bigint NOT NULL,
	"paid_at" date NOT NULL,
	"reference" text NOT NULL,
	"tahap" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claim_payments_amount_positive" CHECK ("claim_payments"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "claims" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "claims_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"worker_id" uuid NOT NULL,
	"type" text NOT NULL,
	"is_death" boolean NOT NULL,
	"event_date" date NOT NULL,
	"claim_date" date NOT NULL,
	"cause" text,
	"jkk_benefit" jsonb,
	"jkk_benefit_type" text,
	"facts" jsonb NOT NULL,
	"heir_nik" text NOT NULL,
	"heir_name" text NOT NULL,
	"heir_relationship" text NOT NULL,
	"branch_code" text,
	"status" text DEFAULT 'SUBMITTED' NOT NULL,
	"assessment" jsonb NOT NULL,
	"eligible" boolean NOT NULL,
	"amount" bigint NOT NULL,
	"final" boolean NOT NULL,
	"watch_months" text[] NOT NULL,
	"assessed_at" timestamp with time zone NOT NULL,
	"reassessments" jsonb NOT NULL,
	"documents" jsonb NOT NULL,
	"reject_reason" text,
	"history" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "claims_type" CHECK ("claims"."type" in ('JKM', 'JKK', 'SANTUNAN_KEMATIAN')),
	CONSTRAINT "claims_status" CHECK ("claims"."status" in ('SUBMITTED', 'VERIFIED', 'APPROVED', 'REJECTED', 'PAID')),
	CONSTRAINT "claims_amount_nonnegative" CHECK ("claims"."amount" >= 0),
	CONSTRAINT "claims_jkk_benefit" CHECK (("claims"."type" = 'JKK') = ("claims"."jkk_benefit_type" is not null))
);
--> statement-breakpoint
ALTER TABLE "claim_payments" ADD CONSTRAINT "claim_payments_claim_id_claims_id_fk" FOREIGN KEY ("claim_id") REFERENCES "public"."claims"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "claims" ADD CONSTRAINT "claims_worker_id_workers_id_fk" FOREIGN KEY ("worker_id") REFERENCES "public"."workers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "claim_payments_claim_unique" ON "claim_payments" USING btree ("claim_id");--> statement-breakpoint
CREATE UNIQUE INDEX "claim_payments_reference_unique" ON "claim_payments" USING btree ("kind","reference");--> statement-breakpoint
CREATE INDEX "claim_payments_tahap_idx" ON "claim_payments" USING btree ("tahap");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_seq_unique" ON "claims" USING btree ("seq");--> statement-breakpoint
CREATE UNIQUE INDEX "claims_one_death_claim_per_type" ON "claims" USING btree ("worker_id","type") WHERE "claims"."is_death" and "claims"."status" <> 'REJECTED';--> statement-breakpoint
CREATE INDEX "claims_worker_idx" ON "claims" USING btree ("worker_id");--> statement-breakpoint
CREATE INDEX "claims_status_seq_idx" ON "claims" USING btree ("status","seq");--> statement-breakpoint
CREATE INDEX "claims_branch_seq_idx" ON "claims" USING btree ("branch_code","seq");--> statement-breakpoint
CREATE INDEX "claims_open_watch_idx" ON "claims" USING gin ("watch_months") WHERE not "claims"."final";