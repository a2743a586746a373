/**
 * Query strings and form bodies as PHP reads them, which is what WordPress clients send: `a[]=1&a[]=2` is a list,
 * `a[b]=1` an object, `a=1&a=2` keeps the last value (wpapi sends arrays with brackets).
 */
export function parsePhpQuery(query: string): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  if (!query) return out
  for (const pair of query.split('&')) {
    if (!pair) continue
    const eq = pair.indexOf('=')
    const rawKey = eq < 0 ? pair : pair.slice(0, eq)
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1)
    const key = decode(rawKey)
    if (!key) continue
    assign(out, key, decode(rawValue))
  }
  return out
}

function decode(text: string): string {
  const plus = text.replace(/\+/g, ' ')
  try {
    return decodeURIComponent(plus)
  } catch {
    return plus
  }
}

const UNSAFE = new Set(['__proto__', 'constructor', 'prototype'])

/** Puts `value` at `a[b][]`-style `key` inside `target`. */
export function assign(target: Record<string, unknown>, key: string, value: unknown): void {
  const open = key.indexOf('[')
  if (open <= 0 || !key.endsWith(']')) {
    if (!UNSAFE.has(key)) target[key] = value
    return
  }
  const head = key.slice(0, open)
  const path = key.slice(open + 1, -1).split('][')
  if (UNSAFE.has(head) || path.some((p) => UNSAFE.has(p))) return
  let node: Record<string, unknown> | unknown[] = target
  let name: string | number = head
  for (const part of path) {
    const container: unknown = (node as Record<string, unknown>)[name as string]
    const next: unknown = part === '' ? (Array.isArray(container) ? container : []) : isPlainObject(container) || Array.isArray(container) ? container : {}
    ;(node as Record<string, unknown>)[name as string] = next
    node = next as Record<string, unknown> | unknown[]
    name = part === '' ? (next as unknown[]).length : part
  }
  ;(node as Record<string, unknown>)[name as string] = value
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value)

/** A form body parsed by a plain parser (`{'a[]': ['1', '2']}`) made PHP-shaped. */
export function phpShape(flat: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(flat)) {
    if (Array.isArray(value) && key.endsWith('[]')) for (const v of value) assign(out, key, v)
    else assign(out, key, Array.isArray(value) ? value[value.length - 1] : value)
  }
  return out
}
