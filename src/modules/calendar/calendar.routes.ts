import type { FastifyPluginAsyncZod } from '@fastify/type-provider-zod'
import { problemResponses } from '../../lib/problem.js'
import { ALL_ROLES } from '../../plugins/auth.js'
import type { CalendarService } from './calendar.service.js'
import { HolidayYearQuery, HolidayYearSchema, WorkingDaysQuery, WorkingDaysSchema } from './calendar.schemas.js'

export const calendarRoutes: FastifyPluginAsyncZod<{ calendar: CalendarService }> = async (app, { calendar }) => {
  app.get(
    '/calendar/holidays',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['calendar'],
        summary: 'The national holidays and cuti bersama of a year, with their status and source',
        operationId: 'getHolidayYear',
        querystring: HolidayYearQuery,
        response: { 200: HolidayYearSchema, ...problemResponses(400, 401, 404, 429) },
      },
    },
    async (req) => calendar.holidayYear(req.query.year)
  )

  app.get(
    '/calendar/working-days',
    {
      config: { auth: ALL_ROLES },
      schema: {
        tags: ['calendar'],
        summary: 'The date a number of working days after a date, as deadlines are counted',
        description:
          'Monday–Friday minus national holidays and cuti bersama. A count that needs a year without holiday data is 422 `holiday-data-missing` naming the years, never a silent count of weekdays; one over a provisional year says so.',
        operationId: 'addWorkingDays',
        querystring: WorkingDaysQuery,
        response: { 200: WorkingDaysSchema, ...problemResponses(400, 401, 422, 429) },
      },
    },
    async (req) => calendar.addWorkingDays(req.query.from, req.query.days)
  )
}
