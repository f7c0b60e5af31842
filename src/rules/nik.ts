/**
 * NIK (Nomor Induk Kependudukan): 16 digits `PPKKCC DDMMYY SSSS` — province, regency/city, kecamatan of first
 * registration, birth date with 40 added to the day for women, and a serial that is never 0000.
 * The region part is where the NIK was issued, not where the person lives: domicile comes from the KK address.
 */
import { isDate } from './calendar.js'
import { CURRENT_RULESET, type RuleSet } from './ruleset.js'

export type Sex = 'M' | 'F'

export interface ParsedNik {
  /** 2 digits, e.g. '36' (Banten). */
  readonly province: string;
  /** 4 digits, e.g. '3671' (Kota Tangerang). */
  readonly regency: string;
  /** 6 digits, e.g. '367101'. */
  readonly kecamatan: string;
  /** 'YYYY-MM-DD', the century resolved as described at parseNik. */
  readonly birthDate: string;
  readonly sex: Sex;
  /** 4 digits, '0001'–'9999'. */
  readonly serial: string;
}

export type NikResult = { readonly ok: true; readonly value: ParsedNik } | { readonly ok: false; readonly reasons: string[] }

export interface ParseNikOptions {
  /**
   * Today's date: the two-digit year is read in the latest century that puts the birth date on or before it.
   * Without it, years below the rule set's pivot (30) read as 20YY and the others as 19YY.
   */
  readonly today?: string;
  readonly ruleset?: RuleSet;
}

interface NikParts {
  readonly province: string;
  readonly regency: string;
  readonly kecamatan: string;
  readonly day: number;
  readonly month: number;
  readonly yy: number;
  readonly sex: Sex;
  readonly serial: string;
}

/** The structural part shared by parseNik and checkNikAgainst: everything but the century. */
function parseParts (nik: string, ruleset: RuleSet): { parts: NikParts; reasons: [] } | { parts: null; reasons: string[] } {
  const reasons: string[] = []
  const length = ruleset.nik.length
  if (typeof nik !== 'string') return { parts: null, reasons: [`NIK must be a string of ${length} digits`] }
  if (nik.length !== length) reasons.push(`NIK must be ${length} digits long, got ${nik.length} characters`)
  if (!/^\d*$/.test(nik)) reasons.push('NIK must contain only the digits 0–9')
  if (reasons.length > 0) return { parts: null, reasons }

  const offset = ruleset.nik.femaleDayOffset
  const rawDay = Number(nik.slice(6, 8))
  const month = Number(nik.slice(8, 10))
  const yy = Number(nik.slice(10, 12))
  const serial = nik.slice(12, 16)
  const female = rawDay >= 1 + offset && rawDay <= 31 + offset
  const sex: Sex = female ? 'F' : 'M'
  const day = female ? rawDay - offset : rawDay
  if (!female && (rawDay < 1 || rawDay > 31)) {
    reasons.push(
      `NIK birth day ${nik.slice(6, 8)} is not valid: men have 01–31 and women ${1 + offset}–${31 + offset} (the day + ${offset})`
    )
  }
  if (month < 1 || month > 12) reasons.push(`NIK birth month ${nik.slice(8, 10)} is not valid (01–12)`)
  if (reasons.length === 0 && !possibleDayMonth(day, month, yy)) {
    reasons.push(`NIK birth date ${pad2(day)}-${pad2(month)}-${pad2(yy)} (DD-MM-YY) is not a real calendar date`)
  }
  if (serial === '0000') reasons.push('NIK serial number 0000 is not valid')
  if (reasons.length > 0) return { parts: null, reasons }
  return {
    parts: {
      province: nik.slice(0, 2),
      regency: nik.slice(0, 4),
      kecamatan: nik.slice(0, 6),
      day,
      month,
      yy,
      sex,
      serial,
    },
    reasons: [],
  }
}

function pad2 (n: number): string {
  return String(n).padStart(2, '0')
}

/** Whether DD-MM exists in some year ending in YY (29 February exists in 2000, so '00' allows it). */
function possibleDayMonth (day: number, month: number, yy: number): boolean {
  return isDate(`19${pad2(yy)}-${pad2(month)}-${pad2(day)}`) || isDate(`20${pad2(yy)}-${pad2(month)}-${pad2(day)}`)
}

function resolveBirthDate (p: NikParts, today: string | undefined, ruleset: RuleSet): string | null {
  const candidates = [2000 + p.yy, 1900 + p.yy].map((y) => `${y}-${pad2(p.month)}-${pad2(p.day)}`).filter(isDate)
  if (today !== undefined) {
    // Latest century that puts the birth date on or before today.
    return candidates.find((c) => c <= today) ?? null
  }
  const preferred = p.yy < ruleset.nik.defaultCenturyPivot ? 2000 + p.yy : 1900 + p.yy
  return candidates.find((c) => c.startsWith(String(preferred))) ?? null
}

/**
 * Parses and validates a NIK. Reasons name every failure found: length, non-digits, a day outside 01–31 / 41–71,
 * a month outside 01–12, an impossible date, serial 0000, or (with `today`) a birth date after today.
 */
export function parseNik (nik: string, options: ParseNikOptions = {}): NikResult {
  const ruleset = options.ruleset ?? CURRENT_RULESET
  if (options.today !== undefined && !isDate(options.today)) {
    throw new RangeError(`today must be a real 'YYYY-MM-DD' date, got ${JSON.stringify(options.today)}`)
  }
  const { parts, reasons } = parseParts(nik, ruleset)
  if (parts === null) return { ok: false, reasons }
  const birthDate = resolveBirthDate(parts, options.today, ruleset)
  if (birthDate === null) {
    const ddmmyy = `${pad2(parts.day)}-${pad2(parts.month)}-${pad2(parts.yy)}`
    return {
      ok: false,
      reasons: [
        options.today === undefined
          ? `NIK birth date ${ddmmyy} (DD-MM-YY) is not a real calendar date in the century it is read in`
          : `NIK birth date ${ddmmyy} (DD-MM-YY) is not a real date on or before ${options.today}`,
      ],
    }
  }
  return {
    ok: true,
    value: {
      province: parts.province,
      regency: parts.regency,
      kecamatan: parts.kecamatan,
      birthDate,
      sex: parts.sex,
      serial: parts.serial,
    },
  }
}

/** True when parseNik accepts it. */
export function isValidNik (nik: string, options: ParseNikOptions = {}): boolean {
  return parseNik(nik, options).ok
}

/**
 * Checks a NIK against the stated birth date and sex. Returns the reasons it does not match (empty = consistent).
 * The DDMMYY digits are compared with the stated date directly, so the century never matters here.
 */
export function checkNikAgainst (
  nik: string,
  stated: { readonly birthDate: string; readonly sex: Sex },
  ruleset: RuleSet = CURRENT_RULESET
): string[] {
  if (!isDate(stated.birthDate)) throw new RangeError(`birthDate must be a real 'YYYY-MM-DD' date, got ${JSON.stringify(stated.birthDate)}`)
  if (stated.sex !== 'M' && stated.sex !== 'F') throw new RangeError(`sex must be 'M' or 'F', got ${JSON.stringify(stated.sex)}`)
  const { parts, reasons } = parseParts(nik, ruleset)
  if (parts === null) return reasons
  const out: string[] = []
  const year = stated.birthDate.slice(0, 4)
  const month = Number(stated.birthDate.slice(5, 7))
  const day = Number(stated.birthDate.slice(8, 10))
  if (parts.day !== day || parts.month !== month || pad2(parts.yy) !== year.slice(2)) {
    out.push(
      `NIK birth date ${pad2(parts.day)}-${pad2(parts.month)}-${pad2(parts.yy)} (DD-MM-YY) does not match the stated birth date ${stated.birthDate}`
    )
  }
  if (parts.sex !== stated.sex) {
    const offset = ruleset.nik.femaleDayOffset
    out.push(
      parts.sex === 'F'
        ? `NIK birth day ${nik.slice(6, 8)} marks a woman (the day + ${offset}), but the stated sex is M`
        : `NIK birth day ${nik.slice(6, 8)} marks a man, but the stated sex is F (a woman's NIK has the day + ${offset})`
    )
  }
  return out
}

/** '3671••••••••0001': the first 4 and last 4 digits, 8 bullets between. Anything not 16 long is fully masked. */
export function maskNik (nik: string, ruleset: RuleSet = CURRENT_RULESET): string {
  const length = ruleset.nik.length
  if (typeof nik !== 'string' || nik.length !== length) return '•'.repeat(typeof nik === 'string' ? nik.length : 0)
  return `${nik.slice(0, 4)}${'•'.repeat(length - 8)}${nik.slice(-4)}`
}

/** Builds a NIK (for tests and seeding): kecamatan of registration (6 digits), birth date, sex and serial 1–9999. */
export function buildNik (
  p: { readonly kecamatan: string; readonly birthDate: string; readonly sex: Sex; readonly serial: number },
  ruleset: RuleSet = CURRENT_RULESET
): string {
  if (!/^\d{6}$/.test(p.kecamatan)) throw new RangeError(`kecamatan must be 6 digits, got ${JSON.stringify(p.kecamatan)}`)
  if (!isDate(p.birthDate)) throw new RangeError(`birthDate must be a real 'YYYY-MM-DD' date, got ${JSON.stringify(p.birthDate)}`)
  if (!Number.isSafeInteger(p.serial) || p.serial < 1 || p.serial > 9999) {
    throw new RangeError(`serial must be an integer 1–9999, got ${p.serial}`)
  }
  if (p.sex !== 'M' && p.sex !== 'F') throw new RangeError(`sex must be 'M' or 'F', got ${JSON.stringify(p.sex)}`)
  const day = Number(p.birthDate.slice(8, 10)) + (p.sex === 'F' ? ruleset.nik.femaleDayOffset : 0)
  return `${p.kecamatan}${pad2(day)}${p.birthDate.slice(5, 7)}${p.birthDate.slice(2, 4)}${String(p.serial).padStart(4, '0')}`
}
