import t from 'tap'
import {
  BRANCH_CODES,
  KECAMATAN_BY_REGION,
  KOTA_TANGERANG_KECAMATAN,
  PROVINCE_BANTEN,
  REGION_KOTA_TANGERANG,
  REGION_NAMES,
  branchForKecamatan,
  isBranchCode,
  kecamatanInRegion,
  kecamatanName,
  kecamatanOf,
} from '../../src/rules/regions.js'

t.test('Kota Tangerang is 3671 in Banten (36) with 13 kecamatan, 367101 Tangerang … 367113 Larangan', async (t) => {
  t.equal(REGION_KOTA_TANGERANG, '3671')
  t.ok(REGION_KOTA_TANGERANG.startsWith(PROVINCE_BANTEN))
  t.equal(REGION_NAMES['3671'], 'Kota Tangerang')
  t.equal(KOTA_TANGERANG_KECAMATAN.length, 13)
  t.same(
    KOTA_TANGERANG_KECAMATAN.map((k) => k.code),
    Array.from({ length: 13 }, (_, i) => `3671${String(i + 1).padStart(2, '0')}`)
  )
  t.equal(kecamatanName('367101'), 'Tangerang')
  t.equal(kecamatanName('367105'), 'Cipondoh')
  t.equal(kecamatanName('367112'), 'Karang Tengah')
  t.equal(kecamatanName('367113'), 'Larangan')
  t.equal(kecamatanName('367114'), undefined)
  t.equal(KECAMATAN_BY_REGION['3671'], KOTA_TANGERANG_KECAMATAN)
  t.equal(kecamatanOf('3671'), KOTA_TANGERANG_KECAMATAN)
  t.equal(kecamatanOf('3603'), undefined)
  t.equal(kecamatanOf('toString'), undefined, 'no prototype lookups')
})

t.test('a kecamatan is in Kota Tangerang only when it is one of its 13', async (t) => {
  t.equal(kecamatanInRegion('367101', '3671'), true)
  t.equal(kecamatanInRegion('367113', '3671'), true)
  t.equal(kecamatanInRegion('367114', '3671'), false, 'there is no 14th kecamatan')
  t.equal(kecamatanInRegion('360301', '3671'), false, 'Kabupaten Tangerang is another region')
  t.equal(kecamatanInRegion('3671', '3671'), false)
})

t.test('a region not listed here accepts 6-digit kecamatan codes under its own code', async (t) => {
  t.equal(kecamatanInRegion('360301', '3603'), true)
  t.equal(kecamatanInRegion('367101', '3603'), false)
  t.equal(kecamatanInRegion('36030', '3603'), false)
  t.equal(kecamatanInRegion('36030a', '3603'), false)
  t.equal(kecamatanInRegion('360301', '36'), false, 'a region code has 4 digits')
})

t.test('the three BPJS branches are CIMONE, CIKOKOL and BATUCEPER', async (t) => {
  t.same([...BRANCH_CODES], ['CIMONE', 'CIKOKOL', 'BATUCEPER'])
  t.equal(isBranchCode('CIMONE'), true)
  t.equal(isBranchCode('BATU_CEPER'), false)
  t.equal(isBranchCode('cimone'), false)
})

t.test('the branch of a kecamatan comes from the programme mapping, never from code', async (t) => {
  const mapping = { 367101: 'CIKOKOL', 367103: 'BATUCEPER', 367105: 'NOWHERE' }
  t.equal(branchForKecamatan(mapping, '367101'), 'CIKOKOL')
  t.equal(branchForKecamatan(mapping, '367103'), 'BATUCEPER')
  t.equal(branchForKecamatan(mapping, '367105'), null, 'an unknown branch code is not a branch')
  t.equal(branchForKecamatan(mapping, '367113'), null, 'an unmapped kecamatan has no branch')
  t.equal(branchForKecamatan(mapping, 'toString'), null, 'no prototype lookups')
})
