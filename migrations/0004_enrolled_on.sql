-- The day each enrolment was decided. Enrolments recorded before this column existed take the Jakarta date of
-- their creation (WIB is UTC+7 all year), which is when the service decided them.
ALTER TABLE "enrolments" ADD COLUMN "enrolled_on" date;--> statement-breakpoint
UPDATE "enrolments" SET "enrolled_on" = ("created_at" AT TIME ZONE 'UTC' + interval '7 hours')::date WHERE "enrolled_on" IS NULL;--> statement-breakpoint
ALTER TABLE "enrolments" ALTER COLUMN "enrolled_on" SET NOT NULL;
