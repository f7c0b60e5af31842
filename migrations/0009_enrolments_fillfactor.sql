-- Issuing and paying an invoice rewrite the counters of every billed enrolment each month (reserved → invoiced →
-- paid). None of those columns is indexed, so with free room on the page PostgreSQL updates the row in place of
-- its page (a HOT update) without touching any of the table's indexes: about twice as fast for 100,000 enrolments
-- (BENCHMARKS.md). 30% of each page is kept free for that. A table filled before this migration gets the room as
-- its pages are rewritten (or at once with VACUUM FULL enrolments, in a maintenance window).
ALTER TABLE "enrolments" SET (fillfactor = 70);
