import { z } from 'zod'
import { DEATH_CAUSES, DESIL_SOURCES, WORKER_STATUSES } from '../../db/schema.js'
import { badRequest, type FieldError } from '../../errors.js'
import { pageQuery, pageSchema } from '../../lib/pagination.js'
import { maskNikRuns } from '../../lib/privacy.js'
import { DateSchema, freeText, MonthSchema, OccupationSchema, queryInt, required } from '../../lib/schemas.js'
import { parseNik } from '../../rules/nik.js'
import { kecamatanOf, REGION_KOTA_TANGERANG, REGION_NAMES } from '../../rules/regions.js'

/** The region whose residents this registry holds: a worker's domicile must be one of its kecamatan. */
export const REGISTRY_REGION = REGION_KOTA_TANGERANG

/** One import request holds at most this many rows (the 84,602-household list fits in one call). */
export const MAX_IMPORT_ROWS = 100_000

/**
 * The CSV reader's limits for an import: far above any real file (14 columns, fields of at most 500 characters,
 * a header line of some 150), and low enough that garbage is refused after a few kilobytes, not 64 MB.
 */
export const MAX_IMPORT_COLUMNS = 64
export const MAX_IMPORT_FIELD_LENGTH = 1_000
export const MAX_IMPORT_HEADER_LENGTH = 2_000

/** The report lists this many rejected rows, and this many errors of each (the counts are always whole). */
export const MAX_REPORTED_REJECTIONS = 1_000
export const MAX_ERRORS_PER_ROW = 20

export const NikSchema = z
  .string({ error: required })
  .trim()
  .superRefine((nik, ctx) => {
    const parsed = parseNik(nik)
    if (!parsed.ok) for (const reason of parsed.reasons) ctx.addIssue({ code: 'custom', message: reason })
  })
  .describe(
    'NIK, 16 digits `PPKKCC DDMMYY SSSS`: region of issue, birth date (day + 40 for women), serial. Personal data: never put it in a URL.'
  )
  .meta({ example: '3671014507900001' })

const KkNumberSchema = z
  .string()
  .trim()
  .regex(/^\d{16}$/, 'must be the 16 digits of the Kartu Keluarga number')
  .describe('Kartu Keluarga number (16 digits): groups the workers of one household. Personal data.')

const REGISTRY_KECAMATAN = kecamatanOf(REGISTRY_REGION) ?? []
export const KecamatanCodeSchema = z
  .enum(REGISTRY_KECAMATAN.map((k) => k.code) as [string, ...string[]], {
    error: (iss) =>
      iss.input === undefined
        ? 'is required'
        : `must be a kecamatan of ${REGION_NAMES[REGISTRY_REGION]} (${REGISTRY_REGION}): ${REGISTRY_KECAMATAN.map((k) => `${k.code} ${k.name}`).join(', ')}`,
  })
  .describe('Domicile kecamatan (the KK address): one of Kota Tangerang’s 13, e.g. 367105 Cipondoh.')

const SexSchema = z.enum(['M', 'F'], { error: (iss) => (iss.input === undefined ? 'is required' : 'must be "M" or "F"') })
const DESIL_RANGE = 'must be a whole number from 1 to 10'
const DesilSchema = z
  .number({ error: (iss) => (iss.input === undefined ? 'is required' : DESIL_RANGE) })
  .int(DESIL_RANGE)
  .min(1, DESIL_RANGE)
  .max(10, DESIL_RANGE)
  .describe('DTKS/DTSEN welfare decile: 1 = very poor … 4 = vulnerable … 10 = richest.')
const DesilSourceSchema = z.enum(DESIL_SOURCES, { error: (iss) => (iss.input === undefined ? 'is required' : 'must be "DTKS" or "DTSEN"') })
const DesilPeriodSchema = MonthSchema.describe('The period ("YYYY-MM") of the targeting data the desil comes from.')
const NameSchema = freeText(200)
const AddressSchema = freeText(500).describe('Street address (the KK address).')
const KelurahanSchema = freeText(100)
const PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{8,15}$/, 'must be 8–15 digits, optionally after a "+", e.g. 081234567890')
const DisabilitySchema = z.boolean({ error: 'must be true or false' }).describe('The worker lives with a disability (penyandang disabilitas). Sensitive personal data.')
const WageEarnerSchema = z
  .boolean({ error: 'must be true or false' })
  .describe('Already insured by an employer as a wage earner (PU): such a worker fails the NOT_WAGE_EARNER eligibility check.')

/** The fields of a worker as an import row carries them: the contract's `POST /v1/workers` body. */
const importFields = {
  nik: NikSchema,
  kkNumber: KkNumberSchema.nullish(),
  name: NameSchema,
  birthDate: DateSchema,
  sex: SexSchema,
  address: AddressSchema,
  kecamatanCode: KecamatanCodeSchema,
  kelurahan: KelurahanSchema.nullish(),
  phone: PhoneSchema.nullish(),
  occupation: OccupationSchema,
  disability: DisabilitySchema.nullish().describe('Default false.'),
  desil: DesilSchema,
  desilSource: DesilSourceSchema,
  desilPeriod: DesilPeriodSchema,
}

/**
 * One row of an import: the same fields and checks as `POST /v1/workers`, except `wageEarner`. Wage-earner
 * status does not come from the targeting lists a city imports, so an import never resets it.
 */
export const ImportRowSchema = z.strictObject(importFields).meta({ id: 'WorkerImportRow' })
export type ImportRowInput = z.infer<typeof ImportRowSchema>

export const CreateWorkerBody = z
  .strictObject({ ...importFields, wageEarner: WageEarnerSchema.nullish().describe('Default false.') })
  .meta({
    example: {
      nik: '3671014507900001',
      kkNumber: '3671010101100001',
      name: 'Siti Aminah',
      birthDate: '1990-07-05',
      sex: 'F',
      address: 'Jl. Melati No. 5, RT 001/RW 002',
      kecamatanCode: '367101',
      kelurahan: 'Sukarasa',
      phone: '081234567890',
      occupation: 'PEDAGANG_KECIL',
      desil: 2,
      desilSource: 'DTSEN',
      desilPeriod: '2025-01',
    },
  })
export type CreateWorkerInput = z.infer<typeof CreateWorkerBody>

export const PatchWorkerBody = z
  .strictObject({
    nik: z
      .never({ error: 'cannot be changed: a NIK identifies the person; register a wrong NIK’s owner as a new worker' })
      .optional()
      .describe('Not changeable.'),
    kkNumber: KkNumberSchema.nullable().optional().describe('null clears it.'),
    name: NameSchema.optional(),
    birthDate: DateSchema.optional(),
    sex: SexSchema.optional(),
    address: AddressSchema.optional(),
    kecamatanCode: KecamatanCodeSchema.optional(),
    kelurahan: KelurahanSchema.nullable().optional().describe('null clears it.'),
    phone: PhoneSchema.nullable().optional().describe('null clears it.'),
    occupation: OccupationSchema.optional(),
    disability: DisabilitySchema.optional(),
    desil: DesilSchema.optional().describe('Changes together with desilSource and desilPeriod: send all three.'),
    desilSource: DesilSourceSchema.optional(),
    desilPeriod: DesilPeriodSchema.optional(),
    wageEarner: WageEarnerSchema.optional(),
  })
  .meta({ example: { address: 'Jl. Kenanga No. 12, RT 003/RW 001', desil: 1, desilSource: 'DTSEN', desilPeriod: '2025-07' } })
export type PatchWorkerInput = z.infer<typeof PatchWorkerBody>

export const WorkerSchema = z
  .object({
    id: z.uuid(),
    nik: z.string().describe('The full NIK, or masked as `3671••••••••0001` when your role does not need it (see `masked`).'),
    kkNumber: z.string().nullable().describe('Full or masked like `nik`.'),
    masked: z
      .boolean()
      .describe('true when nik and kkNumber are masked: always for auditors and in lists for operators (UU 27/2022).'),
    name: z.string(),
    birthDate: z.string(),
    sex: z.enum(['M', 'F']),
    address: z.string(),
    kecamatanCode: z.string(),
    kecamatanName: z.string(),
    kelurahan: z.string().nullable(),
    phone: z.string().nullable(),
    occupation: z.string(),
    disability: z.boolean(),
    desil: z.number().int(),
    desilSource: z.enum(DESIL_SOURCES),
    desilPeriod: z.string(),
    wageEarner: z.boolean(),
    status: z.enum(WORKER_STATUSES),
    dateOfDeath: z.string().nullable(),
    deathCause: z.enum(DEATH_CAUSES).nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Worker' })

export const PossibleDuplicateSchema = z
  .object({ id: z.uuid(), maskedNik: z.string() })
  .meta({ id: 'PossibleDuplicate', description: 'Another worker with the same name (ignoring case and spacing) and birth date but another NIK.' })

export const WorkerDetailSchema = WorkerSchema.extend({
  possibleDuplicates: z
    .array(PossibleDuplicateSchema)
    .describe('Workers who may be the same person under another NIK: reported for a person to check, never merged.'),
}).meta({ id: 'WorkerDetail' })

export const WorkerIdParams = z.strictObject({ id: z.uuid() })

export const ListWorkersQuery = z.strictObject({
  kecamatanCode: KecamatanCodeSchema.optional(),
  occupation: OccupationSchema.optional(),
  desilMax: queryInt(1, 10).optional().describe('Only workers with desil at most this.'),
  status: z.enum(WORKER_STATUSES).optional(),
  ...pageQuery,
})
export const WorkerPageSchema = pageSchema(WorkerSchema).describe('Workers in registration order.')

export const SearchWorkerBody = z.strictObject({ nik: NikSchema }).meta({ example: { nik: '3671014507900001' } })

export const DeathBody = z
  .strictObject({
    dateOfDeath: DateSchema.describe('The Jakarta date of death: a death at 2025-03-31T20:00Z happened on 2025-04-01.'),
    cause: z.enum(DEATH_CAUSES, {
      error: (iss) => (iss.input === undefined ? 'is required' : 'must be ILLNESS, WORK_ACCIDENT or OTHER'),
    }),
  })
  .meta({ example: { dateOfDeath: '2025-06-14', cause: 'ILLNESS' } })
export type DeathInput = z.infer<typeof DeathBody>

/**
 * The body accepts any array element: each row is validated on its own by the service (ImportRowSchema), so one
 * bad row is reported instead of failing the request. `z.unknown()` comes first in the union, so it always
 * matches and the row schema is never run here; it is in the union only so the document shows what a row is.
 */
export const ImportBody = z
  .array(z.union([z.unknown(), ImportRowSchema]))
  .max(MAX_IMPORT_ROWS)
  .describe(
    `Up to ${MAX_IMPORT_ROWS.toLocaleString('en')} workers, as a JSON array of rows (the fields of POST /v1/workers except ` +
      'wageEarner) or as text/csv: UTF-8 (a BOM is ' +
      'fine), a header row naming the columns (the field names, e.g. nik,kkNumber,name,birthDate,sex,address,kecamatanCode,' +
      'kelurahan,phone,occupation,disability,desil,desilSource,desilPeriod; case, "_" and spaces in names are ignored), ' +
      'comma- or semicolon-separated, RFC 4180 quoting. An empty cell is an absent field. Every row is validated on its own. ' +
      `A CSV is refused whole (400) past ${MAX_IMPORT_COLUMNS} columns, ${MAX_IMPORT_FIELD_LENGTH.toLocaleString('en')} characters in a field ` +
      `or ${MAX_IMPORT_HEADER_LENGTH.toLocaleString('en')} in the header line.`
  )

export const ImportReportSchema = z
  .object({
    importId: z.uuid().describe('Names this import in the audit trail (entityType worker-import).'),
    received: z.number().int().describe('Data rows received.'),
    created: z.number().int().describe('New workers registered.'),
    updated: z.number().int().describe('Workers (matched by NIK) whose data changed.'),
    unchanged: z.number().int().describe('Valid rows identical to the registry: nothing written.'),
    rejectedCount: z.number().int().describe('Rows not applied, all of them; received = created + updated + unchanged + rejectedCount.'),
    rejectedTruncated: z
      .boolean()
      .describe(`true when more rows were rejected than \`rejected\` lists (the first ${MAX_REPORTED_REJECTIONS.toLocaleString('en')}).`),
    rejected: z
      .array(
        z.object({
          row: z
            .number()
            .int()
            .describe('The data row: 1 = the first element of a JSON array, or the first record after a CSV header (blank lines are not counted).'),
          errors: z
            .array(z.object({ path: z.string(), message: z.string() }))
            .describe(`Why, field by field: the first ${MAX_ERRORS_PER_ROW} reasons.`),
          errorCount: z.number().int().describe('How many reasons the row has in all.'),
        })
      )
      .describe(
        `The rows that were not applied, in row order, with their reasons: the first ${MAX_REPORTED_REJECTIONS.toLocaleString('en')} ` +
          '(see rejectedCount, rejectedTruncated). All other rows were applied.'
      ),
  })
  .meta({ id: 'WorkerImportReport' })
export type ImportReport = z.infer<typeof ImportReportSchema>

export type RejectedRow = ImportReport['rejected'][number]

/**
 * A rejected row as the report lists it: at most MAX_ERRORS_PER_ROW errors (a JSON row may carry any number of
 * unknown fields), each path and message cut short and any NIK in them masked (a path echoes the key that was
 * sent), so a report of garbage stays small and never names a NIK.
 */
export function reportedRejection (row: number, errors: readonly FieldError[]): RejectedRow {
  // mask first (a NIK cut in half would escape the mask), on no more than a NIK past the cut
  const clip = (text: string, max: number) => {
    const masked = maskNikRuns(text.slice(0, max + 16))
    return masked.length > max || text.length > max + 16 ? `${masked.slice(0, max)}…` : masked
  }
  return {
    row,
    errors: errors.slice(0, MAX_ERRORS_PER_ROW).map((e) => ({ path: clip(e.path, 100), message: clip(e.message, 300) })),
    errorCount: errors.length,
  }
}

// --- CSV -------------------------------------------------------------------------------------------------------

/** A CSV record that cannot become a row at all (its field count is wrong): rejected with this reason. */
export class MalformedCsvRecord {
  constructor (readonly errors: FieldError[]) {}
}

const IMPORT_COLUMNS = Object.keys(importFields) as Array<keyof typeof importFields>
const REQUIRED_COLUMNS = IMPORT_COLUMNS.filter((c) => !ImportRowSchema.shape[c].safeParse(undefined).success)
const columnKey = (name: string) => name.trim().toLowerCase().replace(/[\s_-]+/g, '')
const COLUMN_BY_KEY = new Map<string, string>(IMPORT_COLUMNS.map((c) => [columnKey(c), c]))

/** The header row → field names; a header that cannot work (unknown, repeated or missing columns) is a 400. */
export function importColumns (header: string[]): string[] {
  const errors: FieldError[] = []
  const columns: string[] = []
  header.forEach((cell, i) => {
    const column = COLUMN_BY_KEY.get(columnKey(cell))
    if (column === undefined) errors.push({ path: `header.${i + 1}`, message: `unknown column "${maskNikRuns(cell.slice(0, 50))}"` })
    else if (columns.includes(column)) errors.push({ path: `header.${i + 1}`, message: `column ${column} appears twice` })
    columns.push(column ?? '')
  })
  for (const c of REQUIRED_COLUMNS) if (!columns.includes(c)) errors.push({ path: 'header', message: `the required column ${c} is missing` })
  if (errors.length > 0) {
    const noHeader = header.some((cell) => /^\s*\d{16}\s*$/.test(cell)) ? ' (is the header row missing?)' : ''
    throw badRequest(
      `The CSV header row is not usable${noHeader}: ${errors.map((e) => e.message).join('; ')}. Columns: ${IMPORT_COLUMNS.join(', ')}.`,
      errors
    )
  }
  return columns
}

const TRUE_WORDS = new Set(['true', '1', 'yes', 'ya', 'y'])
const FALSE_WORDS = new Set(['false', '0', 'no', 'tidak', 'n'])

/**
 * A CSV record → the row object the JSON form would have sent: an empty cell is an absent field, desil a number,
 * disability a boolean. A cell that does not convert stays text, so the row schema reports it like any bad value.
 */
export function rowFromCsv (columns: string[], cells: string[]): Record<string, unknown> | MalformedCsvRecord {
  if (cells.length !== columns.length) {
    return new MalformedCsvRecord([{ path: 'row', message: `has ${cells.length} fields where the header has ${columns.length}` }])
  }
  const row: Record<string, unknown> = {}
  for (let i = 0; i < columns.length; i++) {
    const column = columns[i]!
    const cell = cells[i]!
    if (cell.trim() === '') continue
    if (column === 'desil') row[column] = /^\s*\d{1,3}\s*$/.test(cell) ? Number(cell) : cell
    else if (column === 'disability') {
      const word = cell.trim().toLowerCase()
      row[column] = TRUE_WORDS.has(word) ? true : FALSE_WORDS.has(word) ? false : cell
    } else row[column] = cell
  }
  return row
}
