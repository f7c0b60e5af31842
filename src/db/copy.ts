import type { Readable } from 'node:stream'
import type { SQL } from 'drizzle-orm'
import { PgDialect } from 'drizzle-orm/pg-core'
import type pg from 'pg'
import copyStreams from 'pg-copy-streams'

const dialect = new PgDialect()

/**
 * `COPY (select) TO STDOUT WITH (FORMAT csv)` on PostgreSQL, as a stream of bytes: the fastest way out of the
 * database (PostgreSQL formats and quotes every field in C). COPY takes no bind parameters, so the query's
 * parameters are inlined as escaped literals. The stream holds one pooled connection until it ends; one destroyed
 * before its end (the HTTP client went away) discards that connection, which is in the middle of a COPY.
 */
export async function copyCsvOut (pool: pg.Pool, select: SQL): Promise<Readable & AsyncIterable<Buffer>> {
  const { sql: text } = dialect.sqlToQuery(select.inlineParams())
  const client = await pool.connect()
  let released = false
  const release = (err?: Error) => {
    if (released) return
    released = true
    client.release(err)
  }
  try {
    const stream = client.query(copyStreams.to(`copy (${text}) to stdout with (format csv)`))
    stream.on('end', () => release())
    stream.on('error', (err) => release(err))
    stream.on('close', () => release(new Error('COPY stream closed before its end')))
    return stream
  } catch (err) {
    release(err as Error)
    throw err
  }
}
