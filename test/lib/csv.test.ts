import t from 'tap'
import { Readable } from 'node:stream'
import { CsvLimitError, CsvParser, CsvSyntaxError, csvRecords } from '../../src/lib/csv.js'

function parse (text: string, options = {}): string[][] {
  const p = new CsvParser(options)
  return [...p.push(text), ...p.end()]
}

/** The same text fed one character at a time: every state must survive a chunk boundary. */
function parseByChar (text: string, options = {}): string[][] {
  const p = new CsvParser(options)
  const out: string[][] = []
  for (const ch of text) out.push(...p.push(ch))
  return [...out, ...p.end()]
}

const cases: Array<[string, string, string[][]]> = [
  ['plain fields, CRLF line ends', 'a,b,c\r\n1,2,3\r\n', [['a', 'b', 'c'], ['1', '2', '3']]],
  ['LF line ends and no final line end', 'a,b\n1,2', [['a', 'b'], ['1', '2']]],
  ['lone CR line ends', 'a,b\r1,2\r', [['a', 'b'], ['1', '2']]],
  ['a quoted field holding the delimiter', 'name,address\r\nSiti,"Jl. Melati 5, RT 01"\r\n', [['name', 'address'], ['Siti', 'Jl. Melati 5, RT 01']]],
  ['a quoted field holding CRLF and LF', 'a,b\r\n"line 1\r\nline 2\nline 3",x\r\n', [['a', 'b'], ['line 1\r\nline 2\nline 3', 'x']]],
  ['an escaped quote', 'a\r\n"say ""halo"""\r\n', [['a'], ['say "halo"']]],
  ['an empty quoted field and empty fields', 'a,b,c\r\n"",,\r\n', [['a', 'b', 'c'], ['', '', '']]],
  ['a trailing delimiter is an empty last field', 'a,b,\n', [['a', 'b', '']]],
  ['blank lines are skipped', 'a\r\n\r\n1\n\n2\n', [['a'], ['1'], ['2']]],
  ['a BOM before the header is dropped', '\ufeffnik,name\r\n1,2\r\n', [['nik', 'name'], ['1', '2']]],
  ['a stray quote inside an unquoted field is text', 'a\r\n5" layar\r\n', [['a'], ['5" layar']]],
  ['multi-byte characters', 'nama\r\nSiti Aminah — Ñ 😀\r\n', [['nama'], ['Siti Aminah — Ñ 😀']]],
]

for (const [what, text, expected] of cases) {
  t.test(what, async (t) => {
    t.same(parse(text), expected, 'whole text')
    t.same(parseByChar(text), expected, 'one character at a time')
  })
}

t.test('semicolons are used when asked for, or detected from the header line', async (t) => {
  t.same(parse('a;b\r\n"1;2";3\r\n', { delimiter: ';' }), [['a', 'b'], ['1;2', '3']])
  t.same(parse('nik;name;address\r\n1;Siti;Jl. A, 5\r\n', { delimiter: 'auto' }), [['nik', 'name', 'address'], ['1', 'Siti', 'Jl. A, 5']])
  t.same(parseByChar('nik;name\r\n1;Siti\r\n', { delimiter: 'auto' }), [['nik', 'name'], ['1', 'Siti']])
  t.same(parse('nik,name\r\n1,Si;ti\r\n', { delimiter: 'auto' }), [['nik', 'name'], ['1', 'Si;ti']])
  t.same(parse('a;b', { delimiter: 'auto' }), [['a', 'b']], 'a single line without a line end')
})

function syntaxErrorOf (text: string): CsvSyntaxError | undefined {
  try {
    parse(text)
  } catch (err) {
    if (err instanceof CsvSyntaxError) return err
    throw err
  }
  return undefined
}

t.test('an unterminated quoted field is a syntax error naming the line it opens on', async (t) => {
  const err = syntaxErrorOf('a,b\r\n1,"open\r\nstill open\r\n')
  t.equal(err?.line, 2)
  t.match(err?.message, /^line 2: .*never closed/)
})

t.test('text after a closing quote is a syntax error', async (t) => {
  const err = syntaxErrorOf('a\r\nok\r\n"x"y\r\n')
  t.equal(err?.line, 3)
  t.match(err?.message, /closing quote/)
})

t.test('empty input has no records', async (t) => {
  t.same(parse(''), [])
  t.same(parse('\r\n\r\n'), [])
})

t.test('a byte stream split inside a UTF-8 character and inside a CRLF decodes intact', async (t) => {
  const bytes = Buffer.from('\ufeffnama,kota\r\n"Ibu Ñoño, S.E.",Tangerang\r\nBudi,"Kota\r\nTangerang"\r\n', 'utf8')
  const chunks: Buffer[] = []
  for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3))
  let seen = 0
  const records: string[][] = []
  for await (const r of csvRecords(Readable.from(chunks), { onBytes: (n) => (seen += n) })) records.push(r)
  t.same(records, [['nama', 'kota'], ['Ibu Ñoño, S.E.', 'Tangerang'], ['Budi', 'Kota\r\nTangerang']])
  t.equal(seen, bytes.length, 'every byte is counted')
})

t.test('a large file parses in one pass', async (t) => {
  const rows = 20_000
  const lines = ['nik,name,address']
  for (let i = 0; i < rows; i++) lines.push(`${3671010101900000 + i},"Nama ${i}","Jl. ""Mawar"" ${i}, RT 01"`)
  const text = lines.join('\r\n')
  const chunks: string[] = []
  for (let i = 0; i < text.length; i += 65_536) chunks.push(text.slice(i, i + 65_536))
  let count = 0
  let last: string[] = []
  for await (const r of csvRecords(Readable.from(chunks))) {
    count++
    last = r
  }
  t.equal(count, rows + 1)
  t.same(last, [String(3671010101900000 + rows - 1), `Nama ${rows - 1}`, `Jl. "Mawar" ${rows - 1}, RT 01`])
})

// ---- Limits: garbage is refused after a limit plus one chunk, never read to the end ----

function limitErrorOf (feed: (p: CsvParser) => void): CsvLimitError | undefined {
  try {
    feed(new CsvParser({ delimiter: 'auto', maxFields: 4, maxFieldLength: 10, maxHeaderLength: 30 }))
  } catch (err) {
    if (err instanceof CsvLimitError) return err
    throw err
  }
  return undefined
}

t.test('a first line without a line end is refused once it passes the header limit, however it is chunked', async (t) => {
  for (const chunk of [1, 7, 64]) {
    let fed = 0
    const err = limitErrorOf((p) => {
      // far more text than the limit: the parser must stop the feeding, not the other way round
      for (let i = 0; i < 10_000; i++) {
        p.push('a'.repeat(chunk))
        fed += chunk
      }
    })
    t.match(err?.message, /^line 1: the header line is longer than 30 characters/, `chunks of ${chunk}`)
    t.ok(fed <= 30 + chunk, `stopped within one chunk of the limit (chunks of ${chunk}: ${fed} characters fed)`)
  }
})

t.test('a record with more fields than the limit is refused on its line, the header too', async (t) => {
  t.match(limitErrorOf((p) => p.push('a,b,c,d,e\r\n')), { line: 1, message: /more than 4 fields/ })
  t.match(limitErrorOf((p) => p.push('a,b\r\n1,2\r\n1,2,3,4,5\r\n')), { line: 3, message: /more than 4 fields/ })
  t.equal(limitErrorOf((p) => [...p.push('a,b,c,d\r\n1,2,3,4\r\n'), ...p.end()]), undefined, 'exactly the limit is fine')
})

t.test('a field longer than the limit is refused, quoted or not, whole or split across chunks', async (t) => {
  t.match(limitErrorOf((p) => p.push('a,b\r\n12345678901,x\r\n')), { line: 2, message: /longer than 10 characters/ })
  t.match(limitErrorOf((p) => p.push('a,b\r\nx,"1234\r\n5678901"\r\n')), { line: 2, message: /longer than 10 characters/ }, 'a quoted field names the line it opens on')
  t.match(limitErrorOf((p) => p.push('a,b\r\nx,"1234""5678""90"\r\n')), { message: /longer than 10 characters/ }, 'escaped quotes count')
  t.match(limitErrorOf((p) => { p.push('a,b\r\nx,'); for (let i = 0; i < 10_000; i++) p.push('y') }), { message: /longer than 10 characters/ }, 'a field without an end is stopped while it grows')
  t.match(limitErrorOf((p) => { p.push('a,b\r\nx,12345678901'); p.end() }), { message: /longer than 10 characters/ }, 'the last field at the end of the input')
  t.equal(limitErrorOf((p) => [...p.push('a,b\r\n1234567890,"12345""789"\r\n'), ...p.end()]), undefined, 'exactly the limit is fine')
})

t.test('csvRecords stops pulling from its source as soon as a limit is passed', async (t) => {
  let pulled = 0
  async function * tenMegabytes () {
    for (let i = 0; i < 10_240; i++) {
      pulled++
      yield Buffer.from('x'.repeat(1024))
    }
  }
  await t.rejects(async () => {
    for await (const record of csvRecords(tenMegabytes(), { delimiter: 'auto', maxHeaderLength: 10_000 })) t.fail(`no record, got ${record.length} fields`)
  }, CsvLimitError)
  t.ok(pulled <= 11, `pulled ${pulled} chunks of 1 KiB for a 10,000-character header limit`)
})
