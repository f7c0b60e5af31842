/** CSV when the client asks for it over JSON (a plain `Accept: text/csv`, or text/csv listed before JSON). */
export function wantsCsv (accept: string | undefined): boolean {
  if (!accept) return false
  const csv = accept.indexOf('text/csv')
  const json = accept.indexOf('application/json')
  return csv !== -1 && (json === -1 || csv < json)
}

/** The part of a reply a CSV answer needs (so lib/ depends on no fastify type). */
type CsvReply<R> = { type (t: string): R; header (k: string, v: string): R; send (body: never): R }

/**
 * Answers with CSV as a download: a string, or a stream that is sent as it is read (never serialized, so memory
 * stays flat whatever its length).
 */
export function sendCsv<R extends CsvReply<R>> (reply: R, fileName: string, body: string | NodeJS.ReadableStream, headers: Record<string, string> = {}): R {
  let r = reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`)
  for (const [k, v] of Object.entries(headers)) r = r.header(k, v)
  return r.send(body as never)
}
