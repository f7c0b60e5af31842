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
import type { HeirRelationship } from '../../src/rules/ruleset.js'

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

t.test('a JKK death also needs the JKM list (and the marriage book when the heir is the spouse)', async (t) => {
  t.same(requiredDocuments({ type: 'JKK', jkkBenefit: 'DEATH', heirRelationship: 'PARENT' }), [...JKK_BASE, ...JKM_BASE])
  t.same(requiredDocuments({ type: 'JKK', jkkBenefit: 'DEATH', heirRelationship: 'SPOUSE', roadAccident: true }), [
    ...JKK_BASE,
    'POLICE_REPORT',
    ...JKM_BASE,
    'MARRIAGE_BOOK',
  ])
})

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
