import { maskNik } from '../rules/nik.js'

const NIK_RUN = /(?<!\d)\d{16}(?!\d)/g
const HAS_NIK_RUN = /(?<!\d)\d{16}(?!\d)/

/**
 * Any run of exactly 16 digits (a NIK or a KK number) in free text → '3671••••••••0001'. For text that may carry
 * one where it should not (a URL path, a cell echoed in an error), never as a substitute for not putting it there.
 */
export function maskNikRuns (text: string): string {
  return text.replace(NIK_RUN, (nik) => maskNik(nik))
}

/** Whether text holds a run of exactly 16 digits: a NIK or a KK number, or something indistinguishable from one. */
export function hasNikRun (text: string): boolean {
  return HAS_NIK_RUN.test(text)
}

/**
 * The shape of an API key secret (src/lib/crypto.ts newApiKeySecret: `jr_` and 32 random bytes in base64url).
 * A key an operator chose (BOOTSTRAP_ADMIN_KEY) has no shape to recognise: it must simply never be logged.
 */
const API_KEY_SECRET = /jr_[A-Za-z0-9_-]{43}/g
const SECRET_CENSOR = 'jr_[redacted]'

/** Every API key secret in free text → 'jr_[redacted]'. */
export function censorApiKeySecrets (text: string): string {
  return text.replace(API_KEY_SECRET, SECRET_CENSOR)
}

/** Cheap test that a line needs the careful pass at all: most lines hold neither. */
const SUSPECT = /\d{16}|jr_/

/** The tokens of a JSON text that can hold a value: strings (with their escapes) and numbers. */
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g
const BARE_NIK = /^\d{16}$/

/**
 * The last line of defence for a serialized log line: every 16-digit run inside a JSON string is masked, a
 * 16-digit integer written as a bare number becomes the masked string, and API key secrets are censored,
 * whatever object they came from. The line stays valid JSON (a fraction's digits are never touched).
 */
export function scrubLogLine (line: string): string {
  if (!SUSPECT.test(line)) return line
  return line.replace(JSON_TOKEN, (token) => {
    if (token.charCodeAt(0) === 34 /* '"' */) return maskNikRuns(censorApiKeySecrets(token))
    return BARE_NIK.test(token) ? `"${maskNik(token)}"` : token
  })
}
