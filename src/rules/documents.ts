/**
 * The documents a claim needs, by claim type and heir, and who may be the heir. The lists are rule-set data.
 */
import type { JkkBenefitType } from './jkk.js'
import { CURRENT_RULESET, type DocumentType, type HeirRelationship, type RuleSet } from './ruleset.js'

export type ClaimType = 'JKM' | 'JKK' | 'SANTUNAN_KEMATIAN'
export const CLAIM_TYPES: readonly ClaimType[] = ['JKM', 'JKK', 'SANTUNAN_KEMATIAN']

export const DOCUMENT_TYPES: readonly DocumentType[] = [
  'DEATH_CERTIFICATE',
  'KK',
  'KTP_DECEASED',
  'KTP_HEIR',
  'HEIR_CERTIFICATE',
  'BANK_BOOK_HEIR',
  'MARRIAGE_BOOK',
  'ACCIDENT_REPORT_1',
  'ACCIDENT_REPORT_2',
  'DOCTOR_STATEMENT',
  'KTP',
  'CHRONOLOGY',
  'POLICE_REPORT',
  'HEIR_STATEMENT',
  'DTKS_LETTER',
  'KTP_APPLICANT',
  'KK_DECEASED',
  'BANK_ACCOUNT_APPLICANT',
]

export const HEIR_RELATIONSHIPS: readonly HeirRelationship[] = [
  'SPOUSE',
  'CHILD',
  'PARENT',
  'GRANDCHILD',
  'GRANDPARENT',
  'SIBLING',
  'PARENT_IN_LAW',
  'WILL_BENEFICIARY',
]

export function isDocumentType (s: string): s is DocumentType {
  return (DOCUMENT_TYPES as readonly string[]).includes(s)
}

export function isHeirRelationship (s: string): s is HeirRelationship {
  return (HEIR_RELATIONSHIPS as readonly string[]).includes(s)
}

export interface DocumentRequest {
  readonly type: ClaimType;
  /** The heir's relationship to the deceased (JKM, JKK death). */
  readonly heirRelationship?: HeirRelationship;
  /** JKK: which benefit is claimed; DEATH also needs the JKM list. */
  readonly jkkBenefit?: JkkBenefitType;
  /** JKK: a road accident also needs a police report. */
  readonly roadAccident?: boolean;
}

/**
 * The required documents, without duplicates, in rule-set order: JKM (+ MARRIAGE_BOOK when the heir is the spouse);
 * JKK (+ POLICE_REPORT for a road accident; + the JKM list for a death, without the JKK documents the JKM list
 * already asks for under another name: no 'KTP' next to 'KTP_DECEASED'); SANTUNAN_KEMATIAN.
 */
export function requiredDocuments (req: DocumentRequest, ruleset: RuleSet = CURRENT_RULESET): DocumentType[] {
  const d = ruleset.documents
  const jkmList = (): DocumentType[] => [...d.JKM, ...(req.heirRelationship === 'SPOUSE' ? d.spouseHeirExtra : [])]
  let list: DocumentType[]
  switch (req.type) {
    case 'JKM':
      list = jkmList()
      break
    case 'JKK':
      list = [...d.JKK, ...(req.roadAccident === true ? d.roadAccidentExtra : [])]
      if (req.jkkBenefit === 'DEATH') {
        // JKK death asks for the deceased's KTP once: the worker is the deceased, so a JKK document about the worker
        // that the JKM list asks for under its own name (KTP = KTP_DECEASED) is left out (rule-set data).
        const withJkm = [...list, ...jkmList()]
        list = withJkm.filter((doc) => !d.jkkDeathSameDocuments.some((same) => same.jkk === doc && withJkm.includes(same.jkm)))
      }
      break
    case 'SANTUNAN_KEMATIAN':
      list = [...d.SANTUNAN_KEMATIAN]
      break
  }
  return [...new Set(list)]
}

/** The required documents not among `provided` (order of `required` kept). */
export function missingDocuments (required: readonly DocumentType[], provided: readonly string[]): DocumentType[] {
  const have = new Set(provided)
  return required.filter((doc) => !have.has(doc))
}

/** 1 for spouse or child, 2 for parents, … 7 for a person named in a will. */
export function heirRank (relationship: HeirRelationship, ruleset: RuleSet = CURRENT_RULESET): number {
  const i = ruleset.heirOrder.findIndex((group) => group.includes(relationship))
  if (i < 0) throw new RangeError(`unknown heir relationship ${JSON.stringify(relationship)}`)
  return i + 1
}

/** Of the candidates, the relationships with the best (lowest) rank: the ones entitled to claim. */
export function rightfulHeirs (candidates: readonly HeirRelationship[], ruleset: RuleSet = CURRENT_RULESET): HeirRelationship[] {
  if (candidates.length === 0) return []
  const best = Math.min(...candidates.map((c) => heirRank(c, ruleset)))
  return candidates.filter((c) => heirRank(c, ruleset) === best)
}
