import { isPlainObject } from './query-string.js'

export type JsonType = 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null'

/** The part of JSON Schema (draft 4) WordPress uses for arguments and item schemas. */
export interface Schema {
  type?: JsonType | readonly JsonType[]
  description?: string
  title?: string
  enum?: readonly (string | number)[]
  default?: unknown
  required?: boolean
  minimum?: number
  maximum?: number
  minLength?: number
  maxLength?: number
  format?: 'date-time' | 'email' | 'uri' | 'ip' | 'uuid'
  items?: Schema
  properties?: Record<string, Schema>
  additionalProperties?: boolean | Schema
  oneOf?: readonly Schema[]
  uniqueItems?: boolean
  /** Item schemas: in which contexts (`view`, `edit`, `embed`) a property is shown. */
  context?: readonly string[]
  readonly?: boolean
  /** Pressroom only, not published: the argument is passed on as sent (WordPress's `validate_callback => null`). */
  validate?: false
}

export type Args = Record<string, Schema>

export interface ParamProblem {
  code: string
  message: string
  param: string
}

/** Checks one value against a schema and returns it cleaned (numbers from strings, lists from "1,2"), as WordPress does. */
export function sanitizeValue(value: unknown, schema: Schema, param: string): { ok: true; value: unknown } | { ok: false; problem: ParamProblem } {
  const fail = (code: string, message: string) => ({ ok: false as const, problem: { code, message, param } })
  const types = schema.type === undefined ? [] : typeof schema.type === 'string' ? [schema.type] : [...schema.type]
  if (schema.oneOf) {
    for (const option of schema.oneOf) {
      const r = sanitizeValue(value, option, param)
      if (r.ok) return r
    }
    return fail('rest_one_of_multiple_matches', `${param} does not match any of the expected formats.`)
  }
  if (!types.length) return { ok: true, value }
  if (types.includes('null') && (value === null || (value === '' && types.length > 1 && !types.includes('string')))) return { ok: true, value: null }
  const errors: ParamProblem[] = []
  for (const type of types.filter((t) => t !== 'null')) {
    const r = sanitizeAs(value, type, schema, param)
    if (r.ok) return r
    errors.push(r.problem)
  }
  if (types.length > 1 && errors.every((e) => e.code === 'rest_invalid_type')) return fail('rest_invalid_type', `${param} is not of type ${types.join(',')}.`)
  return { ok: false, problem: errors[0] ?? { code: 'rest_invalid_type', message: `${param} is invalid.`, param } }
}

function sanitizeAs(value: unknown, type: JsonType, schema: Schema, param: string): { ok: true; value: unknown } | { ok: false; problem: ParamProblem } {
  const fail = (code: string, message: string) => ({ ok: false as const, problem: { code, message, param } })
  const typeError = () => fail('rest_invalid_type', `${param} is not of type ${type}.`)
  switch (type) {
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Number(value) : Number.NaN
      if (!Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) return typeError()
      const bounds = checkBounds(n, schema, param)
      return bounds ? fail('rest_out_of_bounds', bounds) : { ok: true, value: n }
    }
    case 'boolean': {
      if (value === true || value === 'true' || value === '1' || value === 1) return { ok: true, value: true }
      if (value === false || value === 'false' || value === '0' || value === 0 || value === '') return { ok: true, value: false }
      return typeError()
    }
    case 'string': {
      if (typeof value !== 'string') return typeError()
      if (schema.enum && !schema.enum.includes(value)) return fail('rest_not_in_enum', `${param} is not one of ${schema.enum.join(', ')}.`)
      if (schema.minLength !== undefined && [...value].length < schema.minLength) return fail('rest_too_short', `${param} must be at least ${schema.minLength} character${schema.minLength === 1 ? '' : 's'} long.`)
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return fail('rest_too_long', `${param} must be at most ${schema.maxLength} character${schema.maxLength === 1 ? '' : 's'} long.`)
      if (schema.format === 'date-time' && !isDateTime(value)) return fail('rest_invalid_date', 'Invalid date.')
      if (schema.format === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return fail('rest_invalid_email', 'Invalid email address.')
      if (schema.format === 'uri' && value !== '' && !isUri(value)) return fail('rest_invalid_uri', 'Invalid URI.')
      return { ok: true, value }
    }
    case 'array': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? parseList(value) : isPlainObject(value) && Object.keys(value).every((k) => /^\d+$/.test(k)) ? Object.values(value) : null
      if (!list) return typeError()
      const out: unknown[] = []
      for (const [i, item] of list.entries()) {
        if (!schema.items) {
          out.push(item)
          continue
        }
        const r = sanitizeValue(item, schema.items, `${param}[${i}]`)
        if (!r.ok) return r
        out.push(r.value)
      }
      return { ok: true, value: schema.uniqueItems ? [...new Set(out)] : out }
    }
    case 'object': {
      if (value === '') return { ok: true, value: {} }
      if (!isPlainObject(value)) return typeError()
      const out: Record<string, unknown> = { ...value }
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (out[key] === undefined) {
          if (sub.default !== undefined) out[key] = sub.default
          continue
        }
        const r = sanitizeValue(out[key], sub, `${param}[${key}]`)
        if (!r.ok) return r
        out[key] = r.value
      }
      if (schema.additionalProperties === false) {
        const extra = Object.keys(out).find((k) => !schema.properties?.[k])
        if (extra) return fail('rest_additional_properties_forbidden', `${extra} is not a valid property of Object.`)
      }
      return { ok: true, value: out }
    }
    case 'null':
      return value === null ? { ok: true, value: null } : typeError()
  }
}

function checkBounds(n: number, schema: Schema, param: string): string | null {
  const { minimum: min, maximum: max } = schema
  if (min !== undefined && max !== undefined) return n < min || n > max ? `${param} must be between ${min} (inclusive) and ${max} (inclusive)` : null
  if (min !== undefined && n < min) return `${param} must be greater than or equal to ${min}`
  if (max !== undefined && n > max) return `${param} must be less than or equal to ${max}`
  return null
}

/** WordPress's wp_parse_list: commas and spaces separate. */
export const parseList = (value: string): string[] => value.split(/[\s,]+/).filter(Boolean)

/** RFC 3339 as WordPress accepts it: a date and time, the offset optional. */
export const isDateTime = (value: string) =>
  /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:?\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2')))

function isUri(value: string): boolean {
  try {
    return /^https?:$/.test(new URL(value).protocol)
  } catch {
    return false
  }
}

export interface ValidatedParams {
  params: Record<string, unknown>
  /** Parameters that were sent, not filled from defaults. */
  sent: Set<string>
}

export interface InvalidParams {
  invalid: Record<string, ParamProblem>
  missing: string[]
}

/** Every declared argument checked and cleaned; undeclared ones pass through untouched, as in WordPress. */
export function validateArgs(input: Record<string, unknown>, args: Args): ValidatedParams | InvalidParams {
  const params: Record<string, unknown> = { ...input }
  const sent = new Set(Object.keys(input).filter((k) => input[k] !== undefined))
  const invalid: Record<string, ParamProblem> = {}
  const missing: string[] = []
  for (const [name, schema] of Object.entries(args)) {
    const value = input[name]
    if (value === undefined) {
      if (schema.required) missing.push(name)
      else if (schema.default !== undefined) {
        // Defaults are cleaned like sent values ("publish" becomes ["publish"] for a list), as WordPress does.
        const r = schema.validate === false ? null : sanitizeValue(structuredClone(schema.default), schema, name)
        params[name] = r?.ok ? r.value : structuredClone(schema.default)
      }
      continue
    }
    if (schema.validate === false) continue
    const r = sanitizeValue(value, schema, name)
    if (r.ok) params[name] = r.value
    else invalid[name] = r.problem
  }
  if (missing.length || Object.keys(invalid).length) return { invalid, missing }
  return { params, sent }
}

export const isInvalid = (r: ValidatedParams | InvalidParams): r is InvalidParams => 'invalid' in r
