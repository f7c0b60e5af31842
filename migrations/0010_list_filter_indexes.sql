CREATE INDEX "enrolments_program_status_seq_idx" ON "enrolments" USING btree ("program_id","status","seq");--> statement-breakpoint
CREATE INDEX "workers_status_seq_idx" ON "workers" USING btree ("status","seq");--> statement-breakpoint
CREATE INDEX "workers_kecamatan_occupation_seq_idx" ON "workers" USING btree ("kecamatan_code","occupation","seq");