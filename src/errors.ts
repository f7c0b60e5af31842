/**
 * Domain errors with stable codes. Services throw these; the one error handler in plugins/errors.ts maps
 * them to RFC 9457 problem+json. `code` becomes the problem `type` (`https://jamsos-rentan.id/problems/<code>`),
 * so integrators can branch on it without parsing English.
 */
export type FieldError = { path: string; message: string }

export class AppError extends Error {
  readonly code: string
  readonly status: number
  readonly title: string
  readonly extra: Record<string, unknown> | undefined
  readonly headers: Record<string, string> | undefined

  constructor (
    status: number,
    code: string,
    title: string,
    detail: string,
    extra?: Record<string, unknown>,
    headers?: Record<string, string>
  ) {
    super(detail)
    this.name = 'AppError'
    this.status = status
    this.code = code
    this.title = title
    this.extra = extra
    this.headers = headers
  }
}

export const PROBLEM_BASE = 'https://jamsos-rentan.id/problems/'

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new AppError(400, 'validation-failed', 'Request validation failed', detail, errors ? { errors } : undefined)

export const unauthorized = (detail = 'A valid API key is required: send "Authorization: Bearer <key>".') =>
  new AppError(401, 'unauthorized', 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' })

export const forbidden = (detail = 'Your role may not use this operation.') =>
  new AppError(403, 'forbidden', 'Forbidden', detail)

export const notFound = (entity: string, detail?: string) =>
  new AppError(404, 'not-found', 'Not found', detail ?? `${entity} not found.`)

export const conflict = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new AppError(409, code, 'Conflict', detail, extra)

export const unprocessable = (code: string, detail: string, extra?: Record<string, unknown>) =>
  new AppError(422, code, 'Unprocessable request', detail, extra)

export const preconditionRequired = () =>
  new AppError(428, 'precondition-required', 'Precondition required', 'Send If-Match with the ETag you last read.')

export const preconditionFailed = () =>
  new AppError(
    412,
    'precondition-failed',
    'Precondition failed',
    'The resource changed since you read it: fetch it again and retry with the new ETag.'
  )
