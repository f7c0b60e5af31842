/**
 * The shape every benefit assessment returns, and the helpers that keep it honest: the breakdown always sums to
 * the amount, and no amount is ever negative or fractional.
 */
import { rupiah, sumRupiah, type Rupiah } from './money.js'

export type BreakdownComponent =
  | 'LUMP_SUM'
  | 'PERIODIC'
  | 'FUNERAL'
  | 'EARLY_DEATH'
  | 'DISABILITY_LUMP_SUM'
  | 'PARTIAL_DISABILITY'
  | 'TEMPORARY_INCAPACITY_FULL'
  | 'TEMPORARY_INCAPACITY_REDUCED'
  | 'TRANSPORT'
  | 'MEDICAL'
  /** SCHOLARSHIP_CHILD_1, SCHOLARSHIP_CHILD_2 (one per chosen child). */
  | `SCHOLARSHIP_CHILD_${number}`
  | 'SANTUNAN_KEMATIAN'

export interface BreakdownLine {
  readonly component: BreakdownComponent;
  readonly amount: Rupiah;
}

export interface Assessment {
  readonly eligible: boolean;
  /** Sum of the breakdown, whole Rupiah, never negative. */
  readonly amount: Rupiah;
  readonly breakdown: BreakdownLine[];
  /** English sentences: why it is (not) payable and how the amount was reached. */
  readonly reasons: string[];
  readonly rulesetVersion: string;
  /** Present when the claim cannot be decided yet; it is assessed again once this happens. Never eligible meanwhile. */
  readonly pending?: { readonly waitingFor: string };
}

/** An eligible assessment whose amount is the sum of its breakdown. Zero lines are dropped. */
export function payable (breakdown: readonly BreakdownLine[], reasons: string[], rulesetVersion: string): Assessment {
  const lines = breakdown
    .map((l) => ({ component: l.component, amount: rupiah(l.amount, l.component) }))
    .filter((l) => l.amount > 0)
  return { eligible: true, amount: sumRupiah(lines.map((l) => l.amount)), breakdown: lines, reasons, rulesetVersion }
}

/** An assessment that pays nothing. */
export function notPayable (reasons: string[], rulesetVersion: string): Assessment {
  return { eligible: false, amount: 0, breakdown: [], reasons, rulesetVersion }
}

/** Not decidable yet: pays nothing now and says what it waits for. */
export function pendingAssessment (waitingFor: string, reasons: string[], rulesetVersion: string): Assessment {
  return { eligible: false, amount: 0, breakdown: [], reasons, rulesetVersion, pending: { waitingFor } }
}
