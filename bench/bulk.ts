import type { DbHandle } from '../src/db/client.js'

/**
 * Bulk benchmarks (import, enrol, invoice, export of 100,000 workers), each against a baseline measured in
 * the same run (raw COPY). Each suite returns Markdown lines for the report.
 */
export type BulkSuite = {
  title: string
  run(ctx: { handle: DbHandle; databaseUrl: string }): Promise<string[]>
}

export const bulkSuites: BulkSuite[] = []
