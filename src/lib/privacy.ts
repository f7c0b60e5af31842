import { maskNik } from '../rules/nik.js'

/**
 * Any run of exactly 16 digits (a NIK or a KK number) in free text → '3671••••••••0001'. For text that may carry
 * one where it should not (a URL path, a cell echoed in an error), never as a substitute for not putting it there.
 */
export function maskNikRuns (text: string): string {
  return text.replace(/(?<!\d)\d{16}(?!\d)/g, (nik) => maskNik(nik))
}
