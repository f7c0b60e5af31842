import { getHeapStatistics } from 'node:v8'
import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import underPressure from '@fastify/under-pressure'
import { AppError } from '../errors.js'
import { RETRY_AFTER_SECONDS } from './errors.js'

/**
 * Load shedding: while the event loop lags or the heap is nearly full, new requests get a 503 problem with
 * Retry-After at once instead of queueing behind the work that saturates the process (an 8 MB import once made
 * /health/live take 7.5 s). A synchronous stretch still delays everything until it ends; this keeps the backlog
 * from growing behind it. Routes that declare `config.servedUnderPressure` (the health probes, /metrics) are
 * always served: an orchestrator must not restart a process that is only busy, and load is when metrics matter.
 */
declare module 'fastify' {
  interface FastifyContextConfig {
    servedUnderPressure?: boolean
  }
}

export type PressureOptions = {
  /** ms of mean event-loop delay; 0: not checked. */
  maxEventLoopDelayMs: number
  /** bytes of heap in use; undefined: 90% of V8's heap limit; 0: not checked. */
  maxHeapUsedBytes: number | undefined
  sampleIntervalMs: number
}

export const pressurePlugin = fp<PressureOptions>(
  async (app: FastifyInstance, opts) => {
    const maxHeapUsedBytes = opts.maxHeapUsedBytes ?? Math.floor(getHeapStatistics().heap_size_limit * 0.9)
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelayMs,
      maxHeapUsedBytes,
      sampleInterval: opts.sampleIntervalMs,
      pressureHandler: async (req, _reply, type, value) => {
        if (req.routeOptions.config.servedUnderPressure) return
        req.log.warn({ type, value }, 'under pressure: request shed with 503')
        throw new AppError(
          503,
          'overloaded',
          'Service overloaded',
          'The service is saturated right now and did not start on this request; try again shortly.',
          undefined,
          { 'retry-after': String(RETRY_AFTER_SECONDS.overloaded) }
        )
      },
    })
  },
  { name: 'pressure', dependencies: ['errors'] }
)
