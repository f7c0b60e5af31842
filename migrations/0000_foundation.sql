CREATE TABLE "api_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"branch_code" text,
	"secret_hash" text NOT NULL,
	"prefix" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_keys_secret_hash_unique" UNIQUE("secret_hash"),
	CONSTRAINT "api_keys_branch_role" CHECK (("api_keys"."role" = 'branch') = ("api_keys"."branch_code" is not null))
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_key_id" uuid,
	"actor_role" text NOT NULL,
	"action" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"request_id" text
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"api_key_id" uuid NOT NULL,
	"key" text NOT NULL,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"request_hash" text NOT NULL,
	"status_code" integer,
	"response_body" text,
	"response_headers" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "idempotency_keys_api_key_id_key_pk" PRIMARY KEY("api_key_id","key")
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"region_code" text NOT NULL,
	"start_month" text NOT NULL,
	"end_month" text NOT NULL,
	"budget" bigint NOT NULL,
	"contribution_jkk" integer NOT NULL,
	"contribution_jkm" integer NOT NULL,
	"max_desil" integer NOT NULL,
	"desil_max_age_months" integer DEFAULT 12 NOT NULL,
	"occupations" jsonb NOT NULL,
	"min_age" integer NOT NULL,
	"max_age" integer NOT NULL,
	"branch_by_kecamatan" jsonb NOT NULL,
	"enrolled_count" integer DEFAULT 0 NOT NULL,
	"reserved_amount" bigint DEFAULT 0 NOT NULL,
	"invoiced_amount" bigint DEFAULT 0 NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_code_unique" UNIQUE("code"),
	CONSTRAINT "programs_month_format" CHECK ("programs"."start_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$' and "programs"."end_month" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "programs_month_order" CHECK ("programs"."end_month" >= "programs"."start_month"),
	CONSTRAINT "programs_budget_positive" CHECK ("programs"."budget" > 0),
	CONSTRAINT "programs_budget_not_exceeded" CHECK ("programs"."reserved_amount" >= 0 and "programs"."invoiced_amount" >= 0 and "programs"."paid_amount" >= 0 and "programs"."reserved_amount" + "programs"."invoiced_amount" + "programs"."paid_amount" <= "programs"."budget"),
	CONSTRAINT "programs_enrolled_nonnegative" CHECK ("programs"."enrolled_count" >= 0)
);
--> statement-breakpoint
CREATE INDEX "audit_events_entity_idx" ON "audit_events" USING btree ("entity_type","entity_id","id");