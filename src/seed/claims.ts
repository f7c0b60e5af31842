import type { RequestContext } from '../lib/context.js'
import type { ClaimService } from '../modules/claims/claims.service.js'
import type { WorkerService } from '../modules/workers/workers.service.js'
import { addDays } from '../rules/calendar.js'
import { buildNik } from '../rules/nik.js'
import { CURRENT_RULESET } from '../rules/ruleset.js'

/**
 * Kota Tangerang's 2025 tahap I of the santunan kematian as reported (DOMAIN.md): 98 families, Rp294,000,000. The
 * demo records 98 deaths of poor residents of its synthetic registry, each family's claim with its documents,
 * verified, approved and paid by the city in tahap 2025-I, through the same services the API uses, so
 * `GET /v1/claims/disbursements?tahap=2025-I` shows the reported figures.
 */
export const DEMO_TAHAP = { tahap: '2025-I', families: 98, paidAt: '2025-07-15' } as const

export async function seedDemoTahap (services: { workers: WorkerService; claims: ClaimService }, ctx: RequestContext): Promise<number> {
  if ((await services.claims.disbursements(DEMO_TAHAP.tahap)).count > 0) return 0
  const ids: string[] = []
  let cursor: string | undefined
  while (ids.length < DEMO_TAHAP.families) {
    const page = await services.workers.list(ctx, { status: 'ACTIVE', desilMax: CURRENT_RULESET.santunanKematian.maxDesil, limit: 500, cursor })
    ids.push(...page.items.map((w) => w.id))
    if (page.nextCursor === null) break
    cursor = page.nextCursor
  }
  const documents = CURRENT_RULESET.documents.SANTUNAN_KEMATIAN.map((type) => ({ type }))
  let paid = 0
  for (const [i, workerId] of ids.slice(0, DEMO_TAHAP.families).entries()) {
    // Deaths spread over March to May 2025, each family applying ten days later (well within 40 working days).
    const eventDate = addDays('2025-03-03', (i * 7) % 90)
    const claim = await services.claims.create(ctx, {
      workerId,
      type: 'SANTUNAN_KEMATIAN',
      eventDate,
      appliedOn: addDays(eventDate, 10),
      cause: 'ILLNESS',
      heir: { nik: buildNik({ kecamatan: '367101', birthDate: '1992-04-10', sex: 'F', serial: 9000 + i }), name: `Ahli Waris Demo ${i + 1}`, relationship: 'CHILD' },
      documents,
    })
    await services.claims.verify(ctx, claim.id)
    const approved = await services.claims.approve(ctx, claim.id)
    await services.claims.pay(ctx, claim.id, { amount: approved.assessment.amount, paidAt: DEMO_TAHAP.paidAt, reference: `DEMO/SP2D/${DEMO_TAHAP.tahap}/${String(i + 1).padStart(3, '0')}`, tahap: DEMO_TAHAP.tahap })
    paid++
  }
  return paid
}
