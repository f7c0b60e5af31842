import { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'

/**
 * A streaming RFC 4180 reader: text arrives in chunks of any size (a chunk may end inside a quoted field, a CRLF
 * or a UTF-8 sequence) and complete records come out as arrays of strings, so a 60 MB file is never held as
 * one string. Accepted beyond the RFC, because spreadsheets write it: a UTF-8 BOM, LF or CR line ends as well
 * as CRLF, `;` as the delimiter (Excel in an Indonesian locale) when asked to detect it, a stray quote inside
 * an unquoted field (kept as text). Empty lines are skipped. A quoted field that never closes, or text after
 * a closing quote, is a syntax error: after it nobody can tell where the records end.
 *
 * The reader is linear: every character is looked at a bounded number of times whatever the chunking, and
 * what it holds is bounded by its limits (fields per record, characters per field, the header line while the
 * delimiter is detected), so a body of garbage is refused after at most a limit plus one chunk.
 */
export class CsvSyntaxError extends Error {
  /** The physical line (1-based) where the problem was found. */
  readonly line: number
  constructor (message: string, line: number) {
    super(`line ${line}: ${message}`)
    this.name = 'CsvSyntaxError'
    this.line = line
  }
}

/** The text passed one of the reader's limits: reading stops there (no well-formed file of ours comes near one). */
export class CsvLimitError extends CsvSyntaxError {
  constructor (message: string, line: number) {
    super(message, line)
    this.name = 'CsvLimitError'
  }
}

export type CsvDelimiter = ',' | ';'
export type CsvLimits = {
  /** Fields in one record (the header included). */
  maxFields: number
  /** Characters in one field, after unquoting. */
  maxFieldLength: number
  /** Characters in the first line, which is held back whole while the delimiter is detected. */
  maxHeaderLength: number
}
export type CsvOptions = Partial<CsvLimits> & {
  /** ',' (RFC 4180, the default), ';', or 'auto': whichever of the two the first line holds more of. */
  delimiter?: CsvDelimiter | 'auto'
}

/** Defaults generous for any spreadsheet a person writes, and small enough that garbage is refused early. */
export const DEFAULT_CSV_LIMITS: CsvLimits = { maxFields: 256, maxFieldLength: 10_000, maxHeaderLength: 10_000 }

const fmt = (n: number) => n.toLocaleString('en')

const QUOTE = 0x22
const CR = 0x0d
const LF = 0x0a
const BOM = 0xfeff

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** A quote inside a quoted field: either the first half of `""` or the closing quote. */
  QuoteInQuoted,
  /** After a CR: an LF here belongs to the same line end. */
  AfterCr,
}

export class CsvParser {
  private delimiter: number | null
  private readonly limits: CsvLimits
  private state: State = State.FieldStart
  private field = ''
  private record: string[] = []
  private line = 1
  /** The line where the current quoted field opened. */
  private quoteLine = 1
  private started = false
  /** Text held back until the first line end, while the delimiter is being detected. */
  private pending = ''

  constructor (options: CsvOptions = {}) {
    const d = options.delimiter ?? ','
    this.delimiter = d === 'auto' ? null : d.charCodeAt(0)
    this.limits = {
      maxFields: options.maxFields ?? DEFAULT_CSV_LIMITS.maxFields,
      maxFieldLength: options.maxFieldLength ?? DEFAULT_CSV_LIMITS.maxFieldLength,
      maxHeaderLength: options.maxHeaderLength ?? DEFAULT_CSV_LIMITS.maxHeaderLength,
    }
  }

  /** Feeds the next piece of text; returns the records it completed. Throws a CsvLimitError past a limit. */
  push (text: string): string[][] {
    if (!this.started && text.length > 0) {
      this.started = true
      if (text.charCodeAt(0) === BOM) text = text.slice(1)
    }
    if (this.delimiter === null) {
      // Only the new text is searched for the first line end (searching all that is held back, chunk after
      // chunk, made a body without line ends quadratic), and what is held back is bounded.
      const end = text.search(/[\r\n]/)
      if (this.pending.length + (end === -1 ? text.length : end) > this.limits.maxHeaderLength) {
        throw new CsvLimitError(`the header line is longer than ${fmt(this.limits.maxHeaderLength)} characters`, 1)
      }
      this.pending += text
      if (end === -1) return []
      this.delimiter = detectDelimiter(this.pending)
      text = this.pending
      this.pending = ''
    }
    const out: string[][] = []
    this.scan(text, out)
    return out
  }

  /** The end of the input: returns the last record, if the text did not end with a line end. */
  end (): string[][] {
    const out: string[][] = []
    if (this.delimiter === null) {
      this.delimiter = detectDelimiter(this.pending)
      this.scan(this.pending, out)
      this.pending = ''
    }
    switch (this.state) {
      case State.Quoted:
        throw new CsvSyntaxError('the quoted field that opens on this line is never closed (a missing `"`)', this.quoteLine)
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.pushField(this.field)
        this.emit(out)
        break
      case State.FieldStart:
        if (this.record.length > 0) {
          this.pushField('')
          this.emit(out)
        }
        break
      case State.AfterCr:
        break
    }
    return out
  }

  private emit (out: string[][]): void {
    out.push(this.record)
    this.record = []
    this.field = ''
  }

  /** Every completed field passes here, so no record grows past the limits. */
  private pushField (value: string): void {
    if (value.length > this.limits.maxFieldLength) this.fieldTooLong()
    if (this.record.length === this.limits.maxFields) {
      throw new CsvLimitError(`a record has more than ${fmt(this.limits.maxFields)} fields`, this.line)
    }
    this.record.push(value)
  }

  private fieldTooLong (): never {
    const line = this.state === State.Quoted || this.state === State.QuoteInQuoted ? this.quoteLine : this.line
    throw new CsvLimitError(`a field is longer than ${fmt(this.limits.maxFieldLength)} characters`, line)
  }

  private scan (text: string, out: string[][]): void {
    const delimiter = this.delimiter!
    let start = 0
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      if (this.state === State.AfterCr) {
        this.state = State.FieldStart
        if (c === LF) continue
      }
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted
            this.quoteLine = this.line
            start = i + 1
          } else if (c === delimiter) {
            this.pushField('')
          } else if (c === CR || c === LF) {
            // a line end right after a delimiter closes an empty last field; on its own it is a blank line
            if (this.record.length > 0) {
              this.pushField('')
              this.emit(out)
            }
            this.line++
            this.state = c === CR ? State.AfterCr : State.FieldStart
          } else {
            this.state = State.Unquoted
            start = i
          }
          break
        case State.Unquoted:
          if (c === delimiter) {
            this.pushField(this.field + text.slice(start, i))
            this.field = ''
            this.state = State.FieldStart
          } else if (c === CR || c === LF) {
            this.pushField(this.field + text.slice(start, i))
            this.emit(out)
            this.line++
            this.state = c === CR ? State.AfterCr : State.FieldStart
          }
          break
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(start, i)
            if (this.field.length > this.limits.maxFieldLength) this.fieldTooLong()
            this.state = State.QuoteInQuoted
          } else if (c === LF || (c === CR && text.charCodeAt(i + 1) !== LF)) {
            this.line++
          }
          break
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            // `""` inside quotes is one quote character
            this.field += '"'
            this.state = State.Quoted
            start = i + 1
          } else if (c === delimiter) {
            this.pushField(this.field)
            this.field = ''
            this.state = State.FieldStart
          } else if (c === CR || c === LF) {
            this.pushField(this.field)
            this.emit(out)
            this.line++
            this.state = c === CR ? State.AfterCr : State.FieldStart
          } else {
            throw new CsvSyntaxError(
              'text follows the closing quote of a field (a quote inside a quoted field is written `""`)',
              this.line
            )
          }
          break
      }
    }
    // keep the unfinished field: the next chunk continues it, unless it is already too long (a field without
    // an end is refused after one chunk, not held until the body limit)
    if (this.state === State.Unquoted || this.state === State.Quoted) {
      this.field += text.slice(start)
      if (this.field.length > this.limits.maxFieldLength) this.fieldTooLong()
    }
  }
}

function detectDelimiter (text: string): number {
  const firstLine = text.split(/[\r\n]/, 1)[0] ?? ''
  const count = (ch: string) => firstLine.split(ch).length - 1
  return count(';') > count(',') ? 0x3b : 0x2c
}

/** Bytes parsed at a time: a large chunk is cut, so a caller that stops early never waits for a whole chunk's records. */
const SLICE_BYTES = 65_536

/**
 * Records from a byte stream (UTF-8, decoded across chunk boundaries). `onBytes` sees the size of every chunk
 * before it is parsed, so a caller can stop a body that grows past its limit.
 */
export async function * csvRecords (
  source: AsyncIterable<Buffer | string>,
  options: CsvOptions & { onBytes?: (n: number) => void } = {}
): AsyncGenerator<string[]> {
  const decoder = new StringDecoder('utf8')
  const parser = new CsvParser(options)
  for await (const chunk of source) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk
    options.onBytes?.(buffer.length)
    for (let i = 0; i < buffer.length; i += SLICE_BYTES) yield * parser.push(decoder.write(buffer.subarray(i, i + SLICE_BYTES)))
  }
  yield * parser.push(decoder.end())
  yield * parser.end()
}

// ---- Writing (RFC 4180, spreadsheet-safe) ----

/** UTF-8 byte-order mark: makes Excel read the file as UTF-8. */
export const CSV_BOM = '\uFEFF'

/**
 * One cell: a value a spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return)
 * gets a leading apostrophe (OWASP CSV injection), then the cell is quoted when it holds a comma, a quote or a
 * line break, with quotes doubled. A plain digit string such as a NIK is written as it is.
 */
export function csvCell (value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return ''
  let s = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** One record, CRLF-terminated. */
export function csvRow (cells: ReadonlyArray<string | number | boolean | null | undefined>): string {
  return `${cells.map(csvCell).join(',')}\r\n`
}

const QUOTE_BYTE = 0x22
const LF_BYTE = 0x0a

/**
 * A converter for CSV text whose records end with LF (PostgreSQL's COPY writes LF) into records ending with CRLF
 * (RFC 4180), chunk by chunk in one pass: a line break inside a quoted field is data and stays as it is. It works on
 * bytes, which is safe in UTF-8 (a quote or LF byte is never part of a multi-byte character), and keeps whether it is
 * inside quotes across chunks.
 */
export function crlfRecordEnds (): (chunk: Buffer) => Buffer {
  let quoted = false
  return (chunk) => {
    const ends: number[] = []
    if (!quoted && chunk.indexOf(QUOTE_BYTE) === -1) {
      // No quote in the chunk: every LF ends a record (memchr-fast).
      for (let i = chunk.indexOf(LF_BYTE); i !== -1; i = chunk.indexOf(LF_BYTE, i + 1)) ends.push(i)
    } else {
      for (let i = 0; i < chunk.length; i++) {
        const b = chunk[i]
        if (b === QUOTE_BYTE) quoted = !quoted
        else if (b === LF_BYTE && !quoted) ends.push(i)
      }
    }
    if (ends.length === 0) return chunk
    const out = Buffer.allocUnsafe(chunk.length + ends.length)
    let from = 0
    let to = 0
    for (const end of ends) {
      to += chunk.copy(out, to, from, end)
      out[to++] = 0x0d
      out[to++] = LF_BYTE
      from = end + 1
    }
    chunk.copy(out, to, from)
    return out
  }
}

/**
 * A CSV download from a database's `COPY … TO STDOUT WITH (FORMAT csv)` stream: the BOM and header row first, then
 * the copied records with their LF ends made CRLF. Destroying the result ends the reading of `records` (and with it
 * the COPY), so a client that goes away stops the export.
 */
export function csvDownload (header: string, records: AsyncIterable<Buffer>): Readable {
  const crlf = crlfRecordEnds()
  return Readable.from((async function * () {
    yield header
    for await (const chunk of records) yield crlf(chunk)
  })())
}
