import { describe, expect, test } from 'vitest'
import { sanitizeValue, validateArgs } from './args.js'
import { fieldTree, filterByContext, fromLocal, instantFrom, localDate, pickFields } from './fields.js'
import { parsePhpQuery, phpShape } from './query-string.js'
import { filenameOf } from './routes/media.routes.js'
import { offsetHours } from './routes/index.routes.js'

describe('PHP-style query strings', () => {
  test('lists, objects, last value wins, and no prototype pollution', () => {
    expect(parsePhpQuery('a[]=1&a[]=2&b[terms][]=3&b[operator]=AND&c=1&c=2&flag&s=hello+world%21')).toEqual({
      a: ['1', '2'], b: { terms: ['3'], operator: 'AND' }, c: '2', flag: '', s: 'hello world!',
    })
    const polluted = parsePhpQuery('__proto__[x]=1&a[__proto__][y]=2&constructor[prototype][z]=3')
    expect(({} as Record<string, unknown>).x).toBeUndefined()
    expect(polluted).toEqual({})
    expect(phpShape({ 'tags[]': ['1', '2'], title: 'x' })).toEqual({ tags: ['1', '2'], title: 'x' })
  })
})

describe('argument validation as WordPress does it', () => {
  test('numbers, booleans, lists and enums are cleaned or refused with WordPress’s messages', () => {
    expect(sanitizeValue('5', { type: 'integer' }, 'n')).toEqual({ ok: true, value: 5 })
    expect(sanitizeValue('5.5', { type: 'integer' }, 'n')).toMatchObject({ ok: false, problem: { code: 'rest_invalid_type', message: 'n is not of type integer.' } })
    expect(sanitizeValue('1,2 3', { type: 'array', items: { type: 'integer' } }, 'ids')).toEqual({ ok: true, value: [1, 2, 3] })
    expect(sanitizeValue('false', { type: 'boolean' }, 'b')).toEqual({ ok: true, value: false })
    expect(sanitizeValue(null, { type: ['string', 'null'], format: 'date-time' }, 'd')).toEqual({ ok: true, value: null })
    expect(sanitizeValue('2024-13-45T99:00:00', { type: 'string', format: 'date-time' }, 'd')).toMatchObject({ ok: false, problem: { code: 'rest_invalid_date' } })
    expect(sanitizeValue({ terms: ['4'], extra: 1 }, { type: 'object', properties: { terms: { type: 'array', items: { type: 'integer' } } }, additionalProperties: false }, 'c')).toMatchObject({ ok: false })
  })

  test('defaults fill in, required arguments are reported, undeclared ones pass through', () => {
    const r = validateArgs({ extra: 'x' }, { status: { type: 'array', items: { type: 'string' }, default: 'publish' }, name: { type: 'string', required: true } })
    expect(r).toEqual({ invalid: {}, missing: ['name'] })
    const ok = validateArgs({ extra: 'x', name: 'n' }, { status: { type: 'array', items: { type: 'string' }, default: 'publish' }, name: { type: 'string', required: true } })
    expect(ok).toMatchObject({ params: { extra: 'x', name: 'n', status: ['publish'] } })
  })
})

describe('fields, contexts and dates', () => {
  test('_fields trees keep nested paths in the item’s order', () => {
    const tree = fieldTree('title.rendered,id,meta')!
    expect(pickFields({ id: 1, title: { raw: 'r', rendered: 'R' }, meta: { a: 1 }, other: 2 }, tree)).toEqual({ id: 1, title: { rendered: 'R' }, meta: { a: 1 } })
  })

  test('context filtering follows the schema, nested too', () => {
    const schema = { properties: { a: { context: ['view', 'edit'] }, b: { context: ['edit'] }, t: { context: ['view', 'edit'], properties: { raw: { context: ['edit'] }, rendered: { context: ['view', 'edit'] } } } } }
    expect(filterByContext({ a: 1, b: 2, t: { raw: 'x', rendered: 'y' }, _links: {} }, schema, 'view')).toEqual({ a: 1, t: { rendered: 'y' }, _links: {} })
  })

  test('site-time dates, offsets and daylight saving', () => {
    expect(localDate('2024-07-01T10:00:00.000Z', 'Europe/Paris')).toBe('2024-07-01T12:00:00')
    expect(fromLocal('2024-07-01T12:00:00', 'Europe/Paris')).toBe('2024-07-01T10:00:00.000Z')
    expect(fromLocal('2024-01-15T12:00:00', 'Europe/Paris')).toBe('2024-01-15T11:00:00.000Z')
    expect(instantFrom('2024-01-15T12:00:00+05:30', undefined, 'UTC')).toBe('2024-01-15T06:30:00.000Z')
    expect(instantFrom('2024-01-15T12:00:00', '2024-01-15T09:00:00', 'Europe/Paris')).toBe('2024-01-15T09:00:00.000Z')
    expect(instantFrom(undefined, undefined, 'UTC')).toBeUndefined()
    expect(offsetHours('Asia/Kolkata', new Date('2024-01-01T00:00:00Z'))).toBe(5.5)
    expect(offsetHours('America/New_York', new Date('2024-07-01T12:00:00Z'))).toBe(-4)
  })
})

test('Content-Disposition file names', () => {
  expect(filenameOf('attachment; filename="ballot box.jpg"')).toBe('ballot box.jpg')
  expect(filenameOf('attachment; filename=photo.png')).toBe('photo.png')
  expect(filenameOf("attachment; filename*=UTF-8''caf%C3%A9.jpg")).toBe('café.jpg')
  expect(filenameOf('attachment; filename="../../etc/passwd"')).toBe('passwd')
  expect(filenameOf('attachment')).toBeNull()
})
