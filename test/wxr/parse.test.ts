import { createReadStream } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { NOT_WXR, readWxr, type WxrRecord, WxrSyntaxError } from '../../src/wxr/index.js'
import { sharedFixture } from './fixtures.js'
import { wxrDocument } from './wxr-builder.js'

const importer = (name: string) => sharedFixture(`wxr/importer/phpunit-data/${name}`)

async function readAll(source: AsyncIterable<Buffer | string>): Promise<WxrRecord[]> {
  const out: WxrRecord[] = []
  for await (const record of readWxr(source)) out.push(record)
  return out
}
const readFile = (file: string) => readAll(createReadStream(file))
async function* inPieces(text: string | Buffer, size: number) {
  const bytes = Buffer.from(text)
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size)
}
const failure = async (source: AsyncIterable<Buffer | string>) => {
  const err = await readAll(source).then(() => null, (e: unknown) => e)
  expect(err).toBeInstanceOf(WxrSyntaxError)
  return err as WxrSyntaxError
}
const items = (records: WxrRecord[]) => records.flatMap((r) => (r.kind === 'item' ? [r.item] : []))
const terms = (records: WxrRecord[]) => records.flatMap((r) => (r.kind === 'term' ? [r.term] : []))
const channel = (records: WxrRecord[]) => records.find((r) => r.kind === 'channel')!

describe.skipIf(!importer('valid-wxr-1.1.xml'))('reading the WordPress importer\'s own test exports (as its parser tests do)', () => {
  test('WXR 1.1: base URL, author, category, tag, custom term, two posts with terms and postmeta', async () => {
    const records = await readFile(importer('valid-wxr-1.1.xml')!)
    expect(channel(records)).toMatchObject({ channel: { baseSiteUrl: 'http://localhost/', version: '1.1' } })
    const author = records.find((r) => r.kind === 'author')
    expect(author).toEqual({ kind: 'author', author: { id: '2', login: 'john', email: 'johndoe@example.org', displayName: 'John Doe', firstName: 'John', lastName: 'Doe' } })
    const [category, tag, custom] = terms(records)
    expect(category).toMatchObject({ id: '3', taxonomy: 'category', slug: 'alpha', parent: '', name: 'alpha', description: 'The alpha category' })
    expect(tag).toMatchObject({ id: '22', taxonomy: 'post_tag', slug: 'clippable', name: 'Clippable', description: 'The Clippable post_tag' })
    expect(custom).toMatchObject({ id: '40', taxonomy: 'post_tax', slug: 'bieup', name: 'bieup', description: 'The bieup post_tax' })
    const posts = items(records)
    expect(posts).toHaveLength(2)
    expect(posts[0]!.terms).toEqual([
      { domain: 'category', slug: 'alpha', name: 'alpha' },
      { domain: 'post_tag', slug: 'clippable', name: 'Clippable' },
      { domain: 'post_tax', slug: 'bieup', name: 'bieup' },
    ])
    expect(posts[1]!.meta).toEqual([{ key: '_wp_page_template', value: 'default' }])
  })

  test('WXR 1.0: six posts; old-style tag domains', async () => {
    const records = await readFile(importer('valid-wxr-1.0.xml')!)
    expect(channel(records)).toMatchObject({ channel: { baseSiteUrl: 'http://localhost/', version: '1.0' } })
    expect(terms(records)[0]).toMatchObject({ slug: 'alpha', name: 'alpha', parent: '', description: 'The alpha category' })
    const posts = items(records)
    expect(posts).toHaveLength(6)
    expect(posts[0]!.terms).toEqual([{ domain: 'category', slug: 'uncategorized', name: 'Uncategorized' }])
    expect(posts[2]!.terms).toEqual([
      { domain: 'category', slug: 'alpha', name: 'alpha' },
      { domain: 'tag', slug: 'news', name: 'news' },
      { domain: 'tag', slug: 'roar', name: 'roar' },
    ])
  })

  test('blank lines in content are kept', async () => {
    const [post] = items(await readFile(importer('post-content-blank-lines.xml')!))
    expect(post!.content.split('\n')).toHaveLength(4)
  })

  test('terms written with varied spacing: 2 categories, 3 tags, 2 other terms, no posts', async () => {
    const records = await readFile(importer('term-formats.xml')!)
    const all = terms(records)
    expect(all.filter((t) => t.taxonomy === 'category')).toHaveLength(2)
    expect(all.filter((t) => t.taxonomy === 'post_tag')).toHaveLength(3)
    expect(all.filter((t) => t.taxonomy !== 'category' && t.taxonomy !== 'post_tag')).toHaveLength(2)
    expect(items(records)).toHaveLength(0)
  })

  test('CDATA sections split to carry "]]>" are joined back', async () => {
    const [post] = items(await readFile(importer('crazy-cdata-escaped.xml')!))
    expect(post!.content).toBe('Content with nested <![CDATA[ tags ]]> :)')
    expect(post!.meta).toEqual([
      { key: 'Plain string', value: 'Foo' },
      { key: 'Closing CDATA', value: ']]>' },
      { key: 'Alot of CDATA', value: 'This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>' },
    ])
  })

  test('term meta and comment meta', async () => {
    const expected = [{ key: 'string', value: '¯\\_(ツ)_/¯' }, { key: 'array', value: 'a:1:{s:3:"key";s:13:"¯\\_(ツ)_/¯";}' }]
    const termRecords = terms(await readFile(importer('test-serialized-term-meta.xml')!))
    expect(termRecords).toHaveLength(3)
    for (const term of termRecords) expect(term.meta).toEqual(expected)
    const [post] = items(await readFile(importer('test-serialized-comment-meta.xml')!))
    expect(post!.comments[0]!.meta).toEqual(expected)
  })

  test('several CDATA sections in one element are one value', async () => {
    const [post] = items(await readFile(importer('multiple-cdata.xml')!))
    expect(post!.content).toBe('line oneline twoline three')
  })

  test('namespaces decide, not prefixes: a redefined or hijacked wp: is ignored, the default namespace counts', async () => {
    const records = await readFile(importer('namespace-edge-cases.xml')!)
    expect(records.filter((r) => r.kind === 'author').map((r) => r.kind === 'author' && r.author.login)).toEqual(['real_user', 'version_conflict'])
    const posts = items(records)
    expect(posts.map((p) => p.title)).toEqual(['Mixed Namespaces', 'No Prefix', 'Empty Namespace', 'Unicode Namespace', 'Hijacked Namespace', 'Namespace Bomb'])
    expect(posts[0]!.id).toBe('1')
    expect(posts[0]!.meta).toEqual([{ key: 'normal_key', value: 'normal_value' }])
    expect(posts[1]!.id).toBe('2')
    expect(posts[4]).toMatchObject({ id: '', type: '', meta: [] })
    expect(posts[5]!.content).toBe('&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;')
    expect(terms(records).map((t) => t.id)).toEqual(['100', '102'])
  })

  test('authors with line breaks in their fields are trimmed', async () => {
    const records = await readFile(importer('authors-multiline.xml')!)
    expect(records.flatMap((r) => (r.kind === 'author' ? [r.author.login] : []))).toEqual(['alice', 'bob', 'carol'])
  })

  test.each([
    ['malformed.xml', 'Unexpected close tag', 90, 10],
    ['malformed-simple.xml', 'Unclosed root tag', 14, 1],
    ['crazy-cdata.xml', '"]]>" outside a CDATA section', 18, 70],
    ['missing-version-tag.xml', NOT_WXR, 35, 12],
    ['invalid-version-tag.xml', NOT_WXR, 36, 12],
  ])('%s is refused, saying where', async (name, reason, line, column) => {
    const err = await failure(createReadStream(importer(name)!))
    expect(err.reason).toContain(reason)
    expect([err.line, err.column]).toEqual([line, column])
    expect(err.message).toContain(`at line ${line}, column ${column}`)
  })
})

describe('reading a stream', () => {
  const doc = wxrDocument([
    { id: 7, title: 'Zwölf Boxkämpfer 🥊', content: 'First line\n\nSecond “line” — <b>bold</b>', comments: [{ id: 3, content: 'Nice' }], meta: { _thumbnail_id: '9' } },
    { id: 8, type: 'page', title: 'About' },
  ])

  test('the records are the same whatever the chunk size, multi-byte characters split included', async () => {
    const whole = await readAll(inPieces(doc, 1 << 20))
    expect(items(whole)).toHaveLength(2)
    expect(items(whole)[0]).toMatchObject({ id: '7', title: 'Zwölf Boxkämpfer 🥊', content: 'First line\n\nSecond “line” — <b>bold</b>', meta: [{ key: '_thumbnail_id', value: '9' }] })
    expect(items(whole)[0]!.comments[0]).toMatchObject({ id: '3', content: 'Nice', approved: '1' })
    for (const size of [1, 3, 7, 64]) expect(await readAll(inPieces(doc, size))).toEqual(whole)
  })

  test('a truncated file fails at its end, in the item it stopped in', async () => {
    const cut = doc.slice(0, doc.indexOf('Second'))
    const err = await failure(inPieces(cut, 100))
    const lines = cut.split('\n')
    expect(err.reason).toMatch(/^Unclosed/)
    expect(err.line).toBe(lines.length)
    expect(err.context).toContain('item "Zwölf Boxkämpfer 🥊"')
  })

  test('a control character in the middle is refused at its exact line and column, in its item', async () => {
    const at = doc.indexOf('Second')
    const broken = `${doc.slice(0, at)}Sec\u0001ond${doc.slice(at + 6)}`
    const err = await failure(inPieces(broken, 5))
    const before = broken.slice(0, broken.indexOf('\u0001')).split('\n')
    expect(err.reason).toBe('Invalid character U+0001 (not allowed in XML)')
    expect([err.line, err.column]).toEqual([before.length, before[before.length - 1]!.length + 1])
    // Found before the XML parser sees it, and still said to be in its item.
    expect(err.context).toBe(`item "Zwölf Boxkämpfer 🥊" at line ${broken.slice(0, broken.indexOf('<item>')).split('\n').length}`)
  })

  test('a byte that is not UTF-8 is refused at its position, in its item', async () => {
    const at = Buffer.byteLength(doc.slice(0, doc.indexOf('Second')))
    const bytes = Buffer.concat([Buffer.from(doc).subarray(0, at), Buffer.from([0xff]), Buffer.from(doc).subarray(at)])
    const err = await failure(inPieces(bytes, 11))
    const before = doc.slice(0, doc.indexOf('Second')).split('\n')
    expect(err.reason).toBe('Invalid UTF-8 byte 0xFF')
    expect([err.line, err.column]).toEqual([before.length, before[before.length - 1]!.length + 1])
    expect(err.context).toBe(`item "Zwölf Boxkämpfer 🥊" at line ${doc.slice(0, doc.indexOf('<item>')).split('\n').length}`)
  })

  test('an ISO-8859-1 file is read in its declared encoding', async () => {
    const latin = wxrDocument([{ id: 1, title: 'Café' }]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"')
    const records = await readAll(inPieces(Buffer.from(latin, 'latin1'), 10))
    expect(items(records)[0]!.title).toBe('Café')
  })

  test('a file that is not RSS at all is refused', async () => {
    const err = await failure(inPieces('<?xml version="1.0"?><html><body/></html>', 10))
    expect(err.reason).toContain(NOT_WXR)
  })
})
