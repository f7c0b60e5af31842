/**
 * Money is an integer number of Rupiah, never a float. Every operation checks its inputs and its result are
 * non-negative safe integers and throws a RangeError otherwise: a float or an overflow is a programming error.
 */
export type Rupiah = number

/** Asserts `n` is a non-negative safe integer and returns it. */
export function rupiah (n: number, name = 'amount'): Rupiah {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative whole number of Rupiah, got ${String(n)}`)
  }
  return n
}

/** True when `n` is a valid Rupiah amount. */
export function isRupiah (n: unknown): n is Rupiah {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0
}

/** a + b. */
export function addRupiah (a: Rupiah, b: Rupiah): Rupiah {
  return rupiah(rupiah(a, 'a') + rupiah(b, 'b'), 'sum')
}

/** a − b; throws when b > a (a negative amount is never a valid Rupiah value). */
export function subRupiah (a: Rupiah, b: Rupiah): Rupiah {
  return rupiah(rupiah(a, 'a') - rupiah(b, 'b'), 'difference')
}

/** amount × count, with count a non-negative integer. */
export function mulRupiah (amount: Rupiah, count: number): Rupiah {
  rupiah(amount)
  if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`)
  return rupiah(amount * count, 'product')
}

/** The sum of a list (0 for an empty list). */
export function sumRupiah (list: readonly Rupiah[]): Rupiah {
  let total = 0
  for (const [i, n] of list.entries()) total = rupiah(total + rupiah(n, `item ${i}`), 'sum')
  return total
}

/**
 * floor(amount × basisPoints / 10,000): a percentage of an amount, rounded down to whole Rupiah
 * (100% is 10,000 basis points). Computed in BigInt so a large amount cannot lose precision.
 */
export function basisPointsOf (amount: Rupiah, basisPoints: number): Rupiah {
  rupiah(amount)
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new RangeError(`basis points must be a non-negative integer, got ${basisPoints}`)
  }
  return rupiah(Number((BigInt(amount) * BigInt(basisPoints)) / 10_000n), 'result')
}

/** floor(amount × percent / 100) for a whole percent. */
export function percentOf (amount: Rupiah, percent: number): Rupiah {
  if (!Number.isSafeInteger(percent) || percent < 0) throw new RangeError(`percent must be a non-negative integer, got ${percent}`)
  return basisPointsOf(amount, percent * 100)
}

/** The smaller of two amounts. */
export function minRupiah (a: Rupiah, b: Rupiah): Rupiah {
  return Math.min(rupiah(a, 'a'), rupiah(b, 'b'))
}

/** 'Rp42,000,000': the form used in English explanations. */
export function formatRupiah (n: Rupiah): string {
  rupiah(n)
  return `Rp${String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`
}
