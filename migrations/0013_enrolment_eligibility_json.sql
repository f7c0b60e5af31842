-- An enrolment's eligibility decision is written once, read whole and never searched: as `json` it is stored as
-- written (about 440 bytes, against 750 as `jsonb`) and taken in without being rebuilt, which an enrolment batch
-- does 10,000 times a call (schema.ts: enrolments.eligibility).
ALTER TABLE "enrolments" ALTER COLUMN "eligibility" SET DATA TYPE json USING "eligibility"::json;
