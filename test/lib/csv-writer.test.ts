import t from 'tap'
import { csvCell, csvRow } from '../../src/lib/csv.js'

const cells: Array<[string, string | number | null, string]> = [
  ['a plain value stays as it is', 'Siti', 'Siti'],
  ['a NIK stays its plain 16 digits', '3671014507900001', '3671014507900001'],
  ['a number is written as it is', -5, '-5'],
  ['null is an empty cell', null, ''],
  ['a comma makes a quoted cell', 'Siti, Aminah', '"Siti, Aminah"'],
  ['quotes are doubled inside a quoted cell', 'Budi "Ojek"', '"Budi ""Ojek"""'],
  ['a line break makes a quoted cell', 'Jl. Melati\r\nRT 1', '"Jl. Melati\r\nRT 1"'],
  ['a leading = is escaped against formula injection', '=1+1', "'=1+1"],
  ['a leading + is escaped', '+62812', "'+62812"],
  ['a leading - in text is escaped', '-2+3', "'-2+3"],
  ['a leading @ is escaped', '@SUM(A1)', "'@SUM(A1)"],
  ['a leading tab is escaped', '\tcmd', "'\tcmd"],
  ['an escaped formula that also needs quoting is quoted after escaping', '=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
]
for (const [name, input, expected] of cells) {
  t.test(name, async (t) => t.equal(csvCell(input), expected))
}

t.test('a row joins its cells with commas and ends with CRLF', async (t) => {
  t.equal(csvRow(['a', 'b,c', null, 7]), 'a,"b,c",,7\r\n')
})

t.test('crlfRecordEnds: LF record ends become CRLF, a line break inside a quoted field stays, whatever the chunking', async (t) => {
  const fc = (await import('fast-check')).default
  const { crlfRecordEnds } = await import('../../src/lib/csv.js')
  const cell = fc.array(fc.constantFrom('a', 'é', ',', '"', '\n', '\r', ' ', '=', '😀'), { maxLength: 6 }).map((cs) => cs.join(''))
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { maxLength: 8 }), fc.array(fc.nat(), { maxLength: 6 }), (records, cuts) => {
      const withLf = records.map((r) => r.map(csvCell).join(',') + '\n').join('')
      const expected = records.map((r) => csvRow(r)).join('')
      const bytes = Buffer.from(withLf)
      const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % bytes.length)))].sort((a, b) => a - b)
      const convert = crlfRecordEnds()
      const out: Buffer[] = []
      let from = 0
      for (const p of [...points, bytes.length]) {
        out.push(convert(bytes.subarray(from, p)))
        from = p
      }
      return Buffer.concat(out).toString() === expected
    }),
    { numRuns: 2000 }
  )
  const convert = crlfRecordEnds()
  t.equal(convert(Buffer.from('"a\nb",c\nd,e\n')).toString(), '"a\nb",c\r\nd,e\r\n', 'the named case')
})
