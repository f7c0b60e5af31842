import t from 'tap'
import {
  CLAIM_TYPES,
  DOCUMENT_TYPES,
  HEIR_RELATIONSHIPS,
  heirRank,
  isDocumentType,
  isHeirRelationship,
  missingDocuments,
  requiredDocuments,
  rightfulHeirs,
} from '../../src/rules/documents.js'
import { RULESET_ID_BPU_2019_1, type HeirRelationship, type RuleSet } from '../../src/rules/ruleset.js'

const JKM_BASE = ['DEATH_CERTIFICATE', 'KK', 'KTP_DECEASED', 'KTP_HEIR', 'HEIR_CERTIFICATE', 'BANK_BOOK_HEIR']
const JKK_BASE = ['ACCIDENT_REPORT_1', 'ACCIDENT_REPORT_2', 'DOCTOR_STATEMENT', 'KTP', 'CHRONOLOGY']

t.test('a JKM claim by a child needs the six JKM documents', async (t) => {
  t.same(requiredDocuments({ type: 'JKM', heirRelationship: 'CHILD' }), JKM_BASE)
  t.same(requiredDocuments({ type: 'JKM' }), JKM_BASE)
})

t.test('a JKM claim by the spouse also needs the marriage book', async (t) => {
  t.same(requiredDocuments({ type: 'JKM', heirRelationship: 'SPOUSE' }), [...JKM_BASE, 'MARRIAGE_BOOK'])
})

t.test('a JKK claim needs the accident reports, doctor statement, KTP and chronology', async (t) => {
  t.same(requiredDocuments({ type: 'JKK', jkkBenefit: 'MEDICAL' }), JKK_BASE)
})

t.test('a road accident also needs a police report', async (t) => {
  t.same(requiredDocuments({ type: 'JKK', jkkBenefit: 'TRANSPORT', roadAccident: true }), [...JKK_BASE, 'POLICE_REPORT'])
  t.same(requiredDocuments({ type: 'JKK', roadAccident: false }), JKK_BASE)
})

// Policy: on a JKK death the injured worker is the deceased, so the worker's KTP is the deceased's KTP.
const JKK_WITHOUT_KTP = JKK_BASE.filter((doc) => doc !== 'KTP')
const jkkDeathTable: { name: string; req: Parameters<typeof requiredDocuments>[0]; ruleset?: RuleSet; expected: string[] }[] = [
  {
    name: 'JKK death asks for the deceased\'s KTP once: the JKM list\'s KTP_DECEASED, not the worker\'s KTP',
    req: { type: 'JKK', jkkBenefit: 'DEATH', heirRelationship: 'PARENT' },
    expected: [...JKK_WITHOUT_KTP, ...JKM_BASE],
  },
  {
    name: 'JKK death asks for the deceased\'s KTP once, also with a police report and the marriage book',
    req: { type: 'JKK', jkkBenefit: 'DEATH', heirRelationship: 'SPOUSE', roadAccident: true },
    expected: [...JKK_WITHOUT_KTP, 'POLICE_REPORT', ...JKM_BASE, 'MARRIAGE_BOOK'],
  },
  {
    name: 'JKK death asks for the deceased\'s KTP once, whoever the heir is',
    req: { type: 'JKK', jkkBenefit: 'DEATH' },
    expected: [...JKK_WITHOUT_KTP, ...JKM_BASE],
  },
  {
    name: 'any other JKK benefit keeps the injured worker\'s KTP (the worker is alive)',
    req: { type: 'JKK', jkkBenefit: 'TOTAL_PERMANENT_DISABILITY', heirRelationship: 'SPOUSE' },
    expected: JKK_BASE,
  },
  {
    name: 'the equivalence is rule-set data: without it a JKK death asks for both KTPs',
    req: { type: 'JKK', jkkBenefit: 'DEATH' },
    ruleset: { ...RULESET_ID_BPU_2019_1, documents: { ...RULESET_ID_BPU_2019_1.documents, jkkDeathSameDocuments: [] } },
    expected: [...JKK_BASE, ...JKM_BASE],
  },
  {
    name: 'a JKK document is only left out when the JKM list really asks for its equivalent',
    req: { type: 'JKK', jkkBenefit: 'DEATH' },
    ruleset: { ...RULESET_ID_BPU_2019_1, documents: { ...RULESET_ID_BPU_2019_1.documents, JKM: ['DEATH_CERTIFICATE', 'KK'] } },
    expected: [...JKK_BASE, 'DEATH_CERTIFICATE', 'KK'],
  },
]

for (const row of jkkDeathTable) {
  t.test(row.name, async (t) => {
    const list = requiredDocuments(row.req, row.ruleset)
    t.same(list, row.expected)
    t.equal(new Set(list).size, list.length, 'no document is asked for twice')
  })
}

t.test('the santunan kematian needs its own six documents, whoever applies', async (t) => {
  const list = ['DEATH_CERTIFICATE', 'HEIR_STATEMENT', 'DTKS_LETTER', 'KTP_APPLICANT', 'KK_DECEASED', 'BANK_ACCOUNT_APPLICANT']
  t.same(requiredDocuments({ type: 'SANTUNAN_KEMATIAN' }), list)
  t.same(requiredDocuments({ type: 'SANTUNAN_KEMATIAN', heirRelationship: 'SPOUSE' }), list)
})

t.test('missing documents are the required ones not provided, in order', async (t) => {
  const required = requiredDocuments({ type: 'JKM', heirRelationship: 'SPOUSE' })
  t.same(missingDocuments(required, []), required)
  t.same(missingDocuments(required, ['KK', 'DEATH_CERTIFICATE', 'SELFIE']), ['KTP_DECEASED', 'KTP_HEIR', 'HEIR_CERTIFICATE', 'BANK_BOOK_HEIR', 'MARRIAGE_BOOK'])
  t.same(missingDocuments(required, [...required, 'KK']), [], 'duplicates and extras are harmless')
})

t.test('heirs in order: spouse or child, parents, grandchildren, grandparents, siblings, parents-in-law, a will', async (t) => {
  t.same(
    HEIR_RELATIONSHIPS.map((r) => heirRank(r)),
    [1, 1, 2, 3, 4, 5, 6, 7]
  )
  t.throws(() => heirRank('COUSIN' as HeirRelationship), RangeError)
  t.same(rightfulHeirs(['SIBLING', 'PARENT', 'GRANDPARENT']), ['PARENT'])
  t.same(rightfulHeirs(['CHILD', 'PARENT', 'SPOUSE']), ['CHILD', 'SPOUSE'], 'spouse and child rank equally')
  t.same(rightfulHeirs([]), [])
})

t.test('code lists and guards', async (t) => {
  t.same(CLAIM_TYPES, ['JKM', 'JKK', 'SANTUNAN_KEMATIAN'])
  t.equal(new Set(DOCUMENT_TYPES).size, DOCUMENT_TYPES.length)
  t.equal(isDocumentType('POLICE_REPORT'), true)
  t.equal(isDocumentType('SELFIE'), false)
  t.equal(isHeirRelationship('PARENT_IN_LAW'), true)
  t.equal(isHeirRelationship('COUSIN'), false)
})
