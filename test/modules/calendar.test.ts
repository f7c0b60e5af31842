import t from 'tap'
import { join } from 'node:path'
import { ConfigError, loadConfig } from '../../src/config.js'
import { loadHolidayCalendar } from '../../src/lib/holiday-file.js'
import { BUILT_IN_HOLIDAY_CALENDAR, holidayYear } from '../../src/rules/holidays.js'
import { bearer, buildTestApp } from '../helpers/app.js'

/** An operator's file: the FINAL 2027 decree (here a short one) and a 2028 list. */
const OPERATOR_FILE = {
  years: [
    {
      year: 2027,
      status: 'FINAL',
      source: 'SKB 3 Menteri 2027 (test)',
      holidays: [
        { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'NATIONAL' },
        { date: '2027-01-18', name: 'Cuti bersama (test)', kind: 'CUTI_BERSAMA' },
      ],
    },
    {
      year: 2028,
      status: 'PROVISIONAL',
      source: 'dates fixed by law only (test)',
      holidays: [{ date: '2028-01-01', name: 'Tahun Baru 2028 Masehi', kind: 'NATIONAL' }],
    },
  ],
}

/** The file's path in a fresh test directory (tap removes it after the test). */
function holidayFile (t: { testdir(content: Record<string, string>): string }, content: unknown): string {
  const dir = t.testdir({ 'holidays.json': typeof content === 'string' ? content : JSON.stringify(content) })
  return join(dir, 'holidays.json')
}

t.test('HOLIDAYS_FILE is read from the environment; unset or empty means the built-in calendar', async (t) => {
  t.equal(loadConfig({ HOLIDAYS_FILE: '/etc/jamsos/holidays.json' }).holidaysFile, '/etc/jamsos/holidays.json')
  t.equal(loadConfig({ HOLIDAYS_FILE: '' }).holidaysFile, undefined)
  t.equal(loadConfig({}).holidaysFile, undefined)
  t.equal(loadHolidayCalendar(undefined), BUILT_IN_HOLIDAY_CALENDAR)
})

t.test('an operator\'s file replaces a built-in year whole and adds new years', async (t) => {
  const calendar = loadHolidayCalendar(holidayFile(t, OPERATOR_FILE))
  t.same(calendar.years.map((y) => [y.year, y.status]), [[2025, 'FINAL'], [2026, 'FINAL'], [2027, 'FINAL'], [2028, 'PROVISIONAL']])
  t.same(holidayYear(calendar, 2027)?.holidays.map((h) => h.date), ['2027-01-01', '2027-01-18'], 'the file\'s 2027, not merged with the provisional one')
  t.notOk(calendar.dates.has('2027-08-17'), 'nothing of the built-in provisional 2027 survives')
  t.same(holidayYear(calendar, 2026), holidayYear(BUILT_IN_HOLIDAY_CALENDAR, 2026), 'years the file does not name stay built-in')
})

t.test('a file saved with a byte-order mark loads like any other', async (t) => {
  const calendar = loadHolidayCalendar(holidayFile(t, `\uFEFF${JSON.stringify(OPERATOR_FILE)}`))
  t.equal(calendar.statusByYear.get(2027), 'FINAL')
})

const invalid: Array<[string, unknown, RegExp]> = [
  ['not JSON', '{ "years": [ ', /: not valid JSON: /],
  ['no years', {}, /: years: /],
  ['an unknown field', { years: [], yeras: [] }, /: \(top level\): Unrecognized key/],
  ['an impossible date', { years: [{ year: 2027, status: 'FINAL', source: 's', holidays: [{ date: '2027-02-30', name: 'x', kind: 'NATIONAL' }] }] }, /: years\[0\]\.holidays\[0\]\.date: must be a real date "YYYY-MM-DD"$/],
  ['an unknown status', { years: [{ year: 2027, status: 'DRAFT', source: 's', holidays: [] }] }, /: years\[0\]\.status: /],
  ['an unknown kind', { years: [{ year: 2027, status: 'FINAL', source: 's', holidays: [{ date: '2027-01-01', name: 'x', kind: 'REGIONAL' }] }] }, /: years\[0\]\.holidays\[0\]\.kind: /],
  ['an empty source', { years: [{ year: 2027, status: 'FINAL', source: ' ', holidays: [] }] }, /: years\[0\]\.source: must name the decree/],
  ['a date outside its year', { years: [{ year: 2027, status: 'FINAL', source: 's', holidays: [{ date: '2028-01-01', name: 'x', kind: 'NATIONAL' }] }] }, /: year 2027: 2028-01-01 is not in 2027$/],
  ['a year twice', { years: [{ year: 2027, status: 'FINAL', source: 's', holidays: [] }, { year: 2027, status: 'FINAL', source: 't', holidays: [] }] }, /: year 2027 is listed twice$/],
  ['a date twice', { years: [{ year: 2027, status: 'FINAL', source: 's', holidays: [{ date: '2027-01-01', name: 'x', kind: 'NATIONAL' }, { date: '2027-01-01', name: 'y', kind: 'NATIONAL' }] }] }, /: year 2027: 2027-01-01 is listed twice$/],
]
for (const [what, content, problem] of invalid) {
  t.test(`a holiday file with ${what} stops start-up with one line naming the file and the problem`, async (t) => {
    const file = holidayFile(t, content)
    let error: unknown
    try {
      loadHolidayCalendar(file)
    } catch (err) {
      error = err
    }
    t.ok(error instanceof ConfigError, 'a ConfigError')
    const message = (error as Error).message
    t.ok(message.startsWith(`Invalid configuration: HOLIDAYS_FILE ${file}: `), message)
    t.notMatch(message, /\n/, 'one line')
    t.match(message, problem)
  })
}

t.test('a holiday file that does not exist stops start-up with one line', async (t) => {
  const file = join(t.testdir({}), 'missing.json')
  t.throws(() => loadHolidayCalendar(file), { name: 'ConfigError', message: new RegExp(`^Invalid configuration: HOLIDAYS_FILE ${file}: cannot be read: ENOENT[^\\n]*$`) })
})

t.test('over HTTP, the calendar in force', async (t) => {
  const { app, keys } = await buildTestApp(t)

  t.test('a year\'s holidays, with their status and source', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/v1/calendar/holidays?year=2027', headers: bearer(keys.cimone) })
    t.equal(res.statusCode, 200, { body: res.body })
    const body = res.json()
    t.match(body, { year: 2027, status: 'PROVISIONAL', source: /SKB 3 Menteri for 2027 was not at hand/ })
    t.same(body.holidays[0], { date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', kind: 'NATIONAL' })
    t.equal(body.holidays.length, 8)
    const final = await app.inject({ method: 'GET', url: '/v1/calendar/holidays?year=2026', headers: bearer(keys.auditor) })
    t.match(final.json(), { year: 2026, status: 'FINAL', source: /SKB 3 Menteri 1497\/2025/ })
  })

  t.test('a year without data is 404 "holiday data missing for 2028"', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/v1/calendar/holidays?year=2028', headers: bearer(keys.operator) })
    t.equal(res.statusCode, 404)
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8')
    t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/not-found', status: 404, detail: 'holiday data missing for 2028' })
  })

  t.test('the santunan kematian deadline of the issue: 40 working days after 2026-11-20 is 2027-01-20, provisionally', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2026-11-20&days=40', headers: bearer(keys.operator) })
    t.equal(res.statusCode, 200, { body: res.body })
    t.same(res.json(), { from: '2026-11-20', days: 40, date: '2027-01-20', provisional: true, provisionalYears: [2027] })
    const final = await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2025-07-07&days=40', headers: bearer(keys.operator) })
    t.same(final.json(), { from: '2025-07-07', days: 40, date: '2025-09-02', provisional: false, provisionalYears: [] })
  })

  t.test('a count into a year without data is 422 holiday-data-missing, naming the years', async (t) => {
    const res = await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2027-12-01&days=40', headers: bearer(keys.admin) })
    t.equal(res.statusCode, 422)
    t.match(res.json(), { type: 'https://jamsos-rentan.id/problems/holiday-data-missing', status: 422, detail: 'holiday data missing for 2028', missingYears: [2028] })
  })

  t.test('bad queries are 400 naming the field', async (t) => {
    for (const [url, path] of [
      ['/v1/calendar/working-days?from=2026-02-30&days=1', 'from'],
      ['/v1/calendar/working-days?from=2026-11-20&days=401', 'days'],
      ['/v1/calendar/working-days?from=2026-11-20&days=-1', 'days'],
      ['/v1/calendar/working-days?from=2026-11-20', 'days'],
      ['/v1/calendar/holidays?year=twenty', 'year'],
      ['/v1/calendar/holidays', 'year'],
    ] as const) {
      const res = await app.inject({ method: 'GET', url, headers: bearer(keys.operator) })
      t.equal(res.statusCode, 400, url)
      t.ok(res.json().errors.some((e: { path: string }) => e.path === path), `${url} names ${path}: ${res.body}`)
    }
  })

  t.test('a key is required', async (t) => {
    t.equal((await app.inject({ method: 'GET', url: '/v1/calendar/holidays?year=2027' })).statusCode, 401)
    t.equal((await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2026-11-20&days=40' })).statusCode, 401)
  })
})

t.test('over HTTP, an operator\'s HOLIDAYS_FILE is the calendar in force', async (t) => {
  const { app, keys } = await buildTestApp(t, { holidaysFile: holidayFile(t, OPERATOR_FILE) })
  const year = await app.inject({ method: 'GET', url: '/v1/calendar/holidays?year=2027', headers: bearer(keys.operator) })
  t.match(year.json(), { year: 2027, status: 'FINAL', source: 'SKB 3 Menteri 2027 (test)' })
  // The cuti bersama of 18 January 2027 moves the deadline one working day later, and 2027 is now final.
  const days = await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2026-11-20&days=40', headers: bearer(keys.operator) })
  t.same(days.json(), { from: '2026-11-20', days: 40, date: '2027-01-21', provisional: false, provisionalYears: [] })
  const into2028 = await app.inject({ method: 'GET', url: '/v1/calendar/working-days?from=2027-12-01&days=40', headers: bearer(keys.operator) })
  t.match(into2028.json(), { date: '2028-01-26', provisional: true, provisionalYears: [2028] })
})
