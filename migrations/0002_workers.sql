CREATE TABLE "workers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "workers_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"nik" text NOT NULL,
	"kk_number" text,
	"name" text NOT NULL,
	"name_key" text GENERATED ALWAYS AS (lower(btrim(regexp_replace("name", '\s+', ' ', 'g')))) STORED NOT NULL,
	"birth_date" date NOT NULL,
	"sex" text NOT NULL,
	"address" text NOT NULL,
	"kecamatan_code" text NOT NULL,
	"kelurahan" text,
	"phone" text,
	"occupation" text NOT NULL,
	"disability" boolean DEFAULT false NOT NULL,
	"desil" integer NOT NULL,
	"desil_source" text NOT NULL,
	"desil_period" text NOT NULL,
	"wage_earner" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'ACTIVE' NOT NULL,
	"date_of_death" date,
	"death_cause" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "workers_nik_format" CHECK ("workers"."nik" ~ '^[0-9]{16}$'),
	CONSTRAINT "workers_kk_format" CHECK ("workers"."kk_number" is null or "workers"."kk_number" ~ '^[0-9]{16}$'),
	CONSTRAINT "workers_sex" CHECK ("workers"."sex" in ('M', 'F')),
	CONSTRAINT "workers_desil_range" CHECK ("workers"."desil" between 1 and 10),
	CONSTRAINT "workers_desil_source" CHECK ("workers"."desil_source" in ('DTKS', 'DTSEN')),
	CONSTRAINT "workers_desil_period_format" CHECK ("workers"."desil_period" ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
	CONSTRAINT "workers_status" CHECK ("workers"."status" in ('ACTIVE', 'DECEASED')),
	CONSTRAINT "workers_death_facts" CHECK (("workers"."status" = 'DECEASED') = ("workers"."date_of_death" is not null) and ("workers"."date_of_death" is null) = ("workers"."death_cause" is null)),
	CONSTRAINT "workers_death_cause" CHECK ("workers"."death_cause" is null or "workers"."death_cause" in ('ILLNESS', 'WORK_ACCIDENT', 'OTHER'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX "workers_nik_unique" ON "workers" USING btree ("nik");--> statement-breakpoint
CREATE UNIQUE INDEX "workers_seq_unique" ON "workers" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "workers_kecamatan_seq_idx" ON "workers" USING btree ("kecamatan_code","seq");--> statement-breakpoint
CREATE INDEX "workers_occupation_seq_idx" ON "workers" USING btree ("occupation","seq");--> statement-breakpoint
CREATE INDEX "workers_name_birth_idx" ON "workers" USING btree ("name_key","birth_date");