import { z } from 'zod'

/** RFC 9457 problem details, as every 4xx/5xx reply of this API is shaped. */
export const ProblemSchema = z
  .looseObject({
    type: z.string().describe('A URI naming the problem; stable, branch on it.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' })

/** Response entries for the error statuses a route can return, so each is documented and serialized. */
export function problemResponses (...statuses: number[]) {
  const out: Record<number, typeof ProblemSchema> = {}
  for (const s of statuses) out[s] = ProblemSchema
  return out
}

/** Documents the Idempotency-Key header on routes that accept it (validated by plugins/idempotency.ts). */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .optional()
    .describe('Makes a retry safe: the same key with the same body replays the first response; with another body it is 422. Kept 24 hours.'),
})

/**
 * The same header where it is required (`config: { idempotent: 'required' }`): a retry of such a request after a
 * lost reply could not be told from its first run. The plugin answers its absence with a 400 of its own.
 */
export const IdempotencyRequiredHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .describe('Required (400 without): a new unique key for each new request, the same key when you retry it. The same key with the same body replays the first response; with another body it is 422. Kept 24 hours.'),
})

/** Documents If-Match on routes that change a resource (checked by lib/etag.ts: 428 without it, 412 when stale). */
export const IfMatchHeaders = z.looseObject({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag of your last read. Required: without it 428; when the resource changed since, 412.'),
})
