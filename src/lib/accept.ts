/** CSV when the client asks for it over JSON (a plain `Accept: text/csv`, or text/csv listed before JSON). */
export function wantsCsv (accept: string | undefined): boolean {
  if (!accept) return false
  const csv = accept.indexOf('text/csv')
  const json = accept.indexOf('application/json')
  return csv !== -1 && (json === -1 || csv < json)
}
