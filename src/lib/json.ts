import type { FastifyBodyParser, FastifyRequest } from 'fastify'
import { badRequest } from '../errors.js'

/**
 * How deeply a JSON request body may nest arrays and objects. Our deepest body (a programme) nests three levels;
 * a body nested thousands deep exists only to overflow the stack of whatever walks it recursively afterwards
 * (zod, the idempotency hash), so it is refused while parsing, before anything walks it.
 */
export const MAX_JSON_DEPTH = 32

/** True when `value` nests arrays and objects more than `max` levels deep. Iterative: no depth overflows it. */
export function nestedDeeperThan (value: unknown, max: number): boolean {
  const nodes: object[] = []
  const depths: number[] = []
  if (value !== null && typeof value === 'object') {
    nodes.push(value)
    depths.push(1)
  }
  while (nodes.length > 0) {
    const node = nodes.pop()!
    const depth = depths.pop()!
    if (depth > max) return true
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (child !== null && typeof child === 'object') {
        nodes.push(child)
        depths.push(depth + 1)
      }
    }
  }
  return false
}

/**
 * The application/json parser: Fastify's own (its prototype-poisoning checks included; JSON.parse itself does
 * not recurse), then the depth check, so a body nested deeper than MAX_JSON_DEPTH is a 400 problem.
 */
export function depthLimitedJsonParser (defaultParser: FastifyBodyParser<string>): FastifyBodyParser<string> {
  // getDefaultJsonParser's parser is the callback form of FastifyBodyParser
  const parse = defaultParser as (req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => void
  return (req: FastifyRequest, body: string, done: (err: Error | null, value?: unknown) => void) => {
    parse(req, body, (err, value) => {
      if (err) return done(err, undefined)
      if (nestedDeeperThan(value, MAX_JSON_DEPTH)) {
        return done(
          badRequest(`The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`, [
            { path: 'body', message: `nested more than ${MAX_JSON_DEPTH} levels deep` },
          ]),
          undefined
        )
      }
      done(null, value)
    })
  }
}
