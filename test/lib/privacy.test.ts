import t from 'tap'
import { newApiKeySecret } from '../../src/lib/crypto.js'
import { censorApiKeySecrets, hasNikRun, maskNikRuns, scrubLogLine } from '../../src/lib/privacy.js'

const NIK = '3671014507900001'
const MASKED = '3671••••••••0001'

t.test('maskNikRuns masks runs of exactly 16 digits and leaves longer or shorter runs alone', async (t) => {
  t.equal(maskNikRuns(`/v1/workers/${NIK}`), `/v1/workers/${MASKED}`)
  t.equal(maskNikRuns(`a${NIK}b${NIK}`), `a${MASKED}b${MASKED}`)
  t.equal(maskNikRuns(`${NIK}9`), `${NIK}9`, '17 digits are not a NIK')
  t.equal(maskNikRuns('367101450790000'), '367101450790000', '15 digits are not a NIK')
})

t.test('hasNikRun finds a 16-digit run anywhere, and only that', async (t) => {
  t.ok(hasNikRun(`req-${NIK}`))
  t.ok(hasNikRun(NIK))
  t.notOk(hasNikRun('req-42'))
  t.notOk(hasNikRun(`${NIK}0`))
  t.ok(hasNikRun(NIK), 'the same answer on a second call (no regex state kept between calls)')
})

t.test('API key secrets of the shape newApiKeySecret makes are censored', async (t) => {
  const secret = newApiKeySecret()
  t.equal(censorApiKeySecrets(`Bearer ${secret}`), 'Bearer jr_[redacted]')
  t.equal(censorApiKeySecrets('jr_short'), 'jr_short', 'not a secret')
})

t.test('scrubLogLine masks NIKs in every string and bare number of a JSON line, and the line stays JSON', async (t) => {
  const secret = newApiKeySecret()
  const line = JSON.stringify({
    level: 50,
    time: 1767225600000,
    msg: `failed for ${NIK}`,
    deep: { list: [{ value: `x${NIK}` }], asNumber: Number(NIK) },
    [`key${NIK}`]: 'keys too',
    key: secret,
    responseTime: 0.1234567890123456,
    longer: '36710145079000011',
  }) + '\n'
  const out = scrubLogLine(line)
  t.ok(out.endsWith('\n'))
  const parsed = JSON.parse(out)
  t.notOk(/(?<!\d)\d{16}(?!\d)/.test(out.replace(/"responseTime":[0-9.]+/, '')), 'no 16-digit run left outside the fraction')
  t.equal(parsed.msg, `failed for ${MASKED}`)
  t.equal(parsed.deep.list[0].value, `x${MASKED}`)
  t.equal(parsed.deep.asNumber, MASKED, 'a NIK logged as a number becomes the masked string')
  t.equal(parsed[`key${MASKED}`], 'keys too')
  t.equal(parsed.key, 'jr_[redacted]')
  t.equal(parsed.time, 1767225600000, 'other numbers untouched')
  t.equal(parsed.responseTime, 0.1234567890123456, 'a fraction’s digits are not a NIK')
  t.equal(parsed.longer, '36710145079000011')
})

t.test('scrubLogLine leaves a line without anything to scrub as it is', async (t) => {
  const line = '{"level":30,"time":1767225600000,"reqId":"6f1c0f5e-3a51-4c41-9a57-2b6a4f3d9e01","msg":"request completed"}\n'
  t.equal(scrubLogLine(line), line)
  const escaped = JSON.stringify({ msg: `quote \\" then ${NIK} "inside"` })
  t.equal(JSON.parse(scrubLogLine(escaped)).msg, `quote \\" then ${MASKED} "inside"`, 'escapes inside strings are kept')
})
