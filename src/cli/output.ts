import type { CliIo } from './io.js'

export const println = (io: CliIo, line = '') => io.stdout(`${line}\n`)

export const printJson = (io: CliIo, value: unknown) => io.stdout(`${JSON.stringify(value, null, 2)}\n`)

const MAX_CELL = 60

/** A plain-text table: a header row and left-aligned columns, long cells cut short. */
export function printTable(io: CliIo, headers: readonly string[], rows: readonly (readonly unknown[])[]): void {
  const cells = rows.map((row) => row.map(cell))
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)))
  const line = (row: readonly string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  println(io, line(headers))
  for (const row of cells) println(io, line(row))
}

function cell(value: unknown): string {
  const text = value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value)
  const flat = text.replace(/\s+/g, ' ')
  return flat.length > MAX_CELL ? `${flat.slice(0, MAX_CELL - 1)}…` : flat
}

/** A setting or other value as a person reads it: strings as they are, everything else as JSON. */
export const formatValue = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value, null, 2))
