import { notFound, unprocessable } from '../../errors.js'
import { addWorkingDays, holidayDataMissingReason } from '../../rules/workdays.js'
import { holidayYear, type HolidayCalendar } from '../../rules/holidays.js'

/**
 * The holiday calendar in force (built-in years, replaced per year by the operator's HOLIDAYS_FILE), so integrators
 * see the data every working-day deadline is computed over, and compute one the same way.
 */
export class CalendarService {
  constructor (private readonly calendar: HolidayCalendar) {}

  /** One year's holidays, or 404 "holiday data missing for 2028". */
  holidayYear (year: number) {
    const y = holidayYear(this.calendar, year)
    if (!y) throw notFound('Holiday year', holidayDataMissingReason([year]))
    return { year: y.year, status: y.status, source: y.source, holidays: y.holidays.map((h) => ({ ...h })) }
  }

  /** The `days`-th working day after `from`; 422 holiday-data-missing when the count needs a year without data. */
  addWorkingDays (from: string, days: number) {
    const r = addWorkingDays(from, days, this.calendar)
    if (!r.ok) throw unprocessable('holiday-data-missing', r.reason, { missingYears: r.missingYears })
    return { from, days, date: r.date, provisional: r.provisionalYears.length > 0, provisionalYears: [...r.provisionalYears] }
  }
}
