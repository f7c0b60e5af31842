import t from 'tap';
import fc from 'fast-check';
import {
  addDays,
  addWorkingDays,
  addYears,
  ageOn,
  assertDate,
  compareDates,
  dateFromDayNumber,
  dayNumber,
  daysBetween,
  isDate,
  isoWeekday,
  isWorkingDay,
  jakartaDateOf,
  workingDaysBetween,
} from '../../src/rules/calendar.js';
import {
  INDONESIAN_HOLIDAYS_2025_2026,
  INDONESIAN_HOLIDAY_DATES_2025_2026 as HOLIDAYS,
} from '../../src/rules/holidays.js';

t.test('isDate accepts only real calendar dates', async (t) => {
  for (const [s, ok] of [
    ['2025-03-31', true],
    ['2024-02-29', true],
    ['2000-02-29', true],
    ['2025-02-29', false],
    ['1900-02-29', false],
    ['2025-04-31', false],
    ['2025-00-10', false],
    ['2025-13-01', false],
    ['2025-01-00', false],
    ['0000-01-01', false],
    ['2025-1-01', false],
    ['2025-03-31T00:00:00Z', false],
    ['', false],
  ] as const) {
    t.equal(isDate(s), ok, `${JSON.stringify(s)} → ${ok}`);
  }
  t.equal(isDate(20250331 as unknown as string), false, 'a number is not a date');
});

t.test('a malformed date is a programming error (RangeError)', async (t) => {
  t.throws(() => assertDate('2025-02-30'), RangeError);
  t.throws(() => addDays('2025-01-01', 0.5), RangeError);
  t.throws(() => addYears('2025-01-01', 1.5), RangeError);
  t.throws(() => addYears('2025-02-30', 1), RangeError);
  t.throws(() => addYears('9999-01-01', 1), RangeError, 'past year 9999');
  t.throws(() => dateFromDayNumber(1.5), RangeError);
  t.throws(() => ageOn('2025-02-30', '2025-03-01'), RangeError);
  t.throws(() => ageOn('2000-01-01', 'today'), RangeError);
  t.throws(() => addWorkingDays('2025-01-01', -1, HOLIDAYS), RangeError);
  t.throws(() => addWorkingDays('2025-01-01', 1.5, HOLIDAYS), RangeError);
  t.equal(assertDate('2025-03-31'), '2025-03-31');
});

t.test('a death at 2025-03-31T20:00Z happened on 2025-04-01 in Jakarta (UTC+7)', async (t) => {
  t.equal(jakartaDateOf(new Date('2025-03-31T20:00:00Z')), '2025-04-01');
  t.equal(jakartaDateOf(new Date('2025-03-31T16:59:59.999Z')), '2025-03-31', 'one millisecond before Jakarta midnight');
  t.equal(jakartaDateOf(new Date('2025-03-31T17:00:00Z')), '2025-04-01', 'Jakarta midnight');
  t.equal(jakartaDateOf(new Date('1969-12-31T17:00:00Z')), '1970-01-01');
  t.equal(jakartaDateOf(new Date('1969-12-31T16:00:00Z')), '1969-12-31', 'before the epoch');
  t.throws(() => jakartaDateOf(new Date('not a date')), RangeError);
});

t.test('day numbers match the Unix epoch', async (t) => {
  t.equal(dayNumber('1970-01-01'), 0);
  t.equal(dayNumber('1969-12-31'), -1);
  t.equal(dayNumber('2025-03-31'), Date.UTC(2025, 2, 31) / 86_400_000);
  t.equal(dateFromDayNumber(20_178), '2025-03-31');
  t.equal(dateFromDayNumber(dayNumber('0001-01-01')), '0001-01-01');
});

t.test('addDays, daysBetween and compareDates', async (t) => {
  t.equal(addDays('2025-02-28', 1), '2025-03-01');
  t.equal(addDays('2024-02-28', 1), '2024-02-29');
  t.equal(addDays('2025-12-31', 1), '2026-01-01');
  t.equal(addDays('2025-03-01', -1), '2025-02-28');
  t.equal(daysBetween('2025-03-01', '2025-06-01'), 92);
  t.equal(compareDates('2025-05-31', '2025-06-01'), -1);
  t.equal(compareDates('2025-06-01', '2025-06-01'), 0);
  t.equal(compareDates('2025-06-02', '2025-06-01'), 1);
});

t.test('addYears keeps the day, and 29 February becomes 28 February in a common year', async (t) => {
  t.equal(addYears('2025-04-10', 5), '2030-04-10');
  t.equal(addYears('2024-02-29', 5), '2029-02-28');
  t.equal(addYears('2024-02-29', 4), '2028-02-29');
  t.equal(addYears('2025-01-31', -1), '2024-01-31');
});

t.test('age in whole years: the birthday is the first day of the new age', async (t) => {
  t.equal(ageOn('1990-03-01', '2025-03-01'), 35, 'on the birthday');
  t.equal(ageOn('1990-03-01', '2025-02-28'), 34, 'the day before');
  t.equal(ageOn('1990-03-02', '2025-03-01'), 34);
  t.equal(ageOn('2008-02-29', '2025-02-28'), 16, 'born 29 February: not yet 17 on 28 February');
  t.equal(ageOn('2008-02-29', '2025-03-01'), 17, 'born 29 February: 17 on 1 March');
  t.equal(ageOn('2008-02-29', '2028-02-29'), 20);
  t.equal(ageOn('2025-03-01', '2025-03-01'), 0);
});

t.test('weekdays: Monday is 1 and Sunday is 7', async (t) => {
  t.equal(isoWeekday('2025-03-24'), 1, '24 March 2025 was a Monday');
  t.equal(isoWeekday('2025-03-29'), 6);
  t.equal(isoWeekday('2025-03-30'), 7);
  t.equal(isoWeekday('1969-12-29'), 1, 'before the epoch');
  t.equal(isoWeekday('1970-01-01'), 4, 'a Thursday');
});

t.test('a working day is Monday to Friday and not a public holiday or cuti bersama', async (t) => {
  t.equal(isWorkingDay('2025-03-24', HOLIDAYS), true, 'an ordinary Monday');
  t.equal(isWorkingDay('2025-03-29', HOLIDAYS), false, 'Saturday');
  t.equal(isWorkingDay('2025-03-30', HOLIDAYS), false, 'Sunday');
  t.equal(isWorkingDay('2025-03-31', HOLIDAYS), false, 'Idul Fitri');
  t.equal(isWorkingDay('2025-04-07', HOLIDAYS), false, 'cuti bersama Idul Fitri');
  t.equal(isWorkingDay('2025-08-18', HOLIDAYS), false, 'cuti bersama for the 80th Independence Day');
  t.equal(isWorkingDay('2025-04-08', HOLIDAYS), true);
  t.equal(isWorkingDay('2025-03-31', []), true, 'holidays are data: without the list it is a Monday like any other');
  t.equal(isWorkingDay('2025-03-31', new Set(['2025-03-31'])), false, 'a Set of holidays works too');
});

t.test('addWorkingDays skips weekends and holidays; n = 0 is the date itself', async (t) => {
  t.equal(addWorkingDays('2025-03-24', 0, HOLIDAYS), '2025-03-24');
  t.equal(addWorkingDays('2025-03-24', 1, HOLIDAYS), '2025-03-25');
  t.equal(addWorkingDays('2025-03-27', 1, HOLIDAYS), '2025-04-08', 'Nyepi, Idul Fitri and cuti bersama are skipped');
  t.equal(addWorkingDays('2025-03-28', 1, []), '2025-03-31', 'without holidays only the weekend is skipped');
  t.equal(addWorkingDays('2025-01-02', 40, HOLIDAYS), '2025-03-04', 'Isra Mi\'raj and Imlek (27–29 January) are skipped');
});

t.test('workingDaysBetween counts the days after from up to and including to', async (t) => {
  t.equal(workingDaysBetween('2025-03-24', '2025-03-24', HOLIDAYS), 0);
  t.equal(workingDaysBetween('2025-03-24', '2025-03-28', HOLIDAYS), 3, 'Tue, Wed, Thu (Fri 28 March is cuti bersama)');
  t.equal(workingDaysBetween('2025-03-27', '2025-04-08', HOLIDAYS), 1);
  t.equal(workingDaysBetween('2025-04-08', '2025-03-27', HOLIDAYS), 0, '0 when to is before from');
});

t.test('the holiday data covers 2025 and 2026 with real, unique dates', async (t) => {
  t.equal(new Set(HOLIDAYS).size, HOLIDAYS.length, 'no duplicates');
  t.ok(HOLIDAYS.every(isDate), 'every date is real');
  t.same([...HOLIDAYS], [...HOLIDAYS].sort(), 'sorted');
  t.equal(INDONESIAN_HOLIDAYS_2025_2026.filter((h) => h.date.startsWith('2026') && h.kind === 'CUTI_BERSAMA').length, 8, '8 cuti bersama in 2026');
  t.equal(INDONESIAN_HOLIDAYS_2025_2026.filter((h) => h.date.startsWith('2026') && h.kind === 'NATIONAL').length, 17, '17 national holidays in 2026');
  t.ok(HOLIDAYS.includes('2025-12-25') && HOLIDAYS.includes('2026-03-21'));
});

const dateArb = fc
  .integer({ min: dayNumber('1900-01-01'), max: dayNumber('2100-12-31') })
  .map((n) => dateFromDayNumber(n));

t.test('property: dayNumber and dateFromDayNumber are inverse and agree with Date.UTC', async (t) => {
  fc.assert(
    fc.property(fc.integer({ min: dayNumber('1000-01-01'), max: dayNumber('9000-12-31') }), (n) => {
      const d = dateFromDayNumber(n);
      const [y, m, day] = d.split('-').map(Number) as [number, number, number];
      const utc = new Date(0);
      utc.setUTCFullYear(y, m - 1, day);
      return isDate(d) && dayNumber(d) === n && Math.floor(utc.getTime() / 86_400_000) === n;
    }),
  );
  t.pass('holds');
});

t.test('property: addWorkingDays lands on a working day n working days later', async (t) => {
  fc.assert(
    fc.property(
      fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2026-10-31') }).map((n) => dateFromDayNumber(n)),
      fc.integer({ min: 1, max: 60 }),
      (d, n) => {
        const end = addWorkingDays(d, n, HOLIDAYS);
        return isWorkingDay(end, HOLIDAYS) && workingDaysBetween(d, end, HOLIDAYS) === n && workingDaysBetween(d, addDays(end, -1), HOLIDAYS) === n - 1;
      },
    ),
  );
  t.pass('holds');
});

t.test('property: age never decreases and grows by one each birthday', async (t) => {
  fc.assert(
    fc.property(dateArb, fc.integer({ min: 0, max: 100 }), (birth, years) => {
      const on = addYears(birth, years);
      const age = ageOn(birth, on);
      // 29 February + n years lands on 28 February in a common year: a day short of the birthday.
      const expected = birth.endsWith('02-29') && !on.endsWith('02-29') ? years - 1 : years;
      return age === Math.max(expected, 0) && ageOn(birth, addDays(on, 1)) >= age;
    }),
  );
  t.pass('holds');
});
