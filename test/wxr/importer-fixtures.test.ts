import { readdirSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { importWxr, NOT_WXR, WxrSyntaxError } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { fileFacts } from './file-facts.js'
import { sharedFixture } from './fixtures.js'

const folder = sharedFixture('wxr/importer')
const files = folder
  ? ['phpunit-data', 'e2e-fixtures'].flatMap((sub) => readdirSync(path.join(folder, sub)).filter((f) => f.endsWith('.xml')).map((f) => `${sub}/${f}`)).sort()
  : []

/** The files WordPress's importer tests as broken on purpose, and what Pressroom says about each. */
const REFUSED: Record<string, RegExp> = {
  'phpunit-data/malformed.xml': /^Unexpected close tag at line 90, column 10$/,
  'phpunit-data/malformed-simple.xml': /^Unclosed root tag at line 14, column 1, in item "Broken" \(post_id 1\) at line 9$/,
  'phpunit-data/crazy-cdata.xml': /^"\]\]>" outside a CDATA section \(an unescaped CDATA end\) at line 18, column 70, in item "Hello world!"/,
  'phpunit-data/missing-version-tag.xml': new RegExp(`^${NOT_WXR} at line 35, column 12$`),
  'phpunit-data/invalid-version-tag.xml': new RegExp(`^${NOT_WXR} at line 36, column 12$`),
}

describe.skipIf(!folder).each(DIALECTS)('the WordPress importer\'s test exports on %s', (dialect) => {
  let site: TestSite
  beforeEach(async () => {
    site = await openTestSite(dialect)
  })
  afterEach(() => site.close())

  test('the list of files is what this suite knows', () => {
    expect(files.length).toBeGreaterThanOrEqual(30)
    for (const refused of Object.keys(REFUSED)) expect(files).toContain(refused)
  })

  test.each(files)('%s is imported, or refused with a clear message', async (name) => {
    const file = path.join(folder!, name)
    const refused = REFUSED[name]
    if (refused) {
      const err = await importWxr(site.services, file).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(WxrSyntaxError)
      expect((err as Error).message).toMatch(refused)
      const posts = await site.services.handle.db.selectFrom('posts').select('id').execute()
      expect(posts).toEqual([])
      return
    }
    const summary = await importWxr(site.services, file)
    const all = [summary.authors, summary.terms, summary.posts, summary.pages, summary.attachments, summary.comments, summary.menus]
    expect(all.map((c) => c.failed)).toEqual([0, 0, 0, 0, 0, 0, 0])
    expect(all.reduce((n, c) => n + c.imported, 0)).toBeGreaterThan(0)
    // the file's own account of its posts and pages, by status
    const facts = fileFacts(file)
    for (const type of ['post', 'page'] as const) {
      const expected = Object.fromEntries(Object.entries(facts.byTypeAndStatus[type] ?? {}).filter(([status]) => status !== 'auto-draft' && status !== 'inherit'))
      const rows = await site.services.handle.db.selectFrom('posts').select('status').where('type', '=', type).execute()
      const got: Record<string, number> = {}
      for (const r of rows) got[r.status] = (got[r.status] ?? 0) + 1
      if (name !== 'phpunit-data/namespace-edge-cases.xml') expect(got, type).toEqual(expected)
    }
    const again = await importWxr(site.services, file)
    expect([again.posts.imported, again.pages.imported, again.comments.imported, again.attachments.imported, again.terms.imported, again.authors.imported]).toEqual([0, 0, 0, 0, 0, 0])
  })
})

describe.skipIf(!folder)('what some of those files hold, once imported', () => {
  let site: TestSite
  beforeEach(async () => {
    site = await openTestSite('sqlite')
  })
  afterEach(() => site.close())
  const only = async (name: string) => {
    await importWxr(site.services, path.join(folder!, name))
    return site.services.handle.db.selectFrom('posts').selectAll().orderBy('id').execute()
  }

  test('UTF-8 challenges: titles with emoji, bidi controls and combining marks are kept exactly', async () => {
    const [post] = await only('phpunit-data/wxr-utf-8-challenges.xml')
    expect(post!.title).toBe('"The Road \u202eNot\u202c Taken" by Rob\u202dert \u202eFrost \u202a🌲\u202c')
    expect(post!.content).toContain('𝓣𝓮𝓼𝓽 𝓜𝓾𝓵𝓽𝓲-𝓑𝔂𝓽𝓮: 🚀🌟💫⭐️🔥💯🎉🎊🌈🦄')
  })

  test('backslashes survive', async () => {
    const [post] = await only('phpunit-data/backslashes.xml')
    expect(post!.content).toBe('<p>C:\\xampp\\htdocs\\wp-content</p>')
  })

  test('a CDATA section that contains "]] >" is content, not an end', async () => {
    const [post] = await only('phpunit-data/cdata-edge.xml')
    expect(post!.content).toBe('<p>ends with sequence ]] &gt;</p>'.replace('&gt;', '>'))
  })

  test('the namespace tricks: the hijacked item (no post type in the WordPress namespace) is left out', async () => {
    const posts = await only('phpunit-data/namespace-edge-cases.xml')
    expect(posts.map((p) => p.title)).toEqual(['Mixed Namespaces', 'No Prefix', 'Empty Namespace', 'Unicode Namespace', 'Namespace Bomb'])
  })
})
