import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

interface ListedPost {
  id: number
  title: string
  slug: string
  status: string
  link: string
  date: string
  type: string
}

const datedLink = (slug: string) => new RegExp(`^http://127\\.0\\.0\\.1:8080/\\d{4}/\\d{2}/\\d{2}/${slug}/$`)

async function termsOf(services: Services, postId: number) {
  const rows = await services.handle.db
    .selectFrom('post_terms')
    .innerJoin('terms', 'terms.id', 'post_terms.term_id')
    .select(['terms.taxonomy', 'terms.name'])
    .where('post_terms.post_id', '=', postId)
    .execute()
  return rows.map((r) => `${r.taxonomy}:${r.name}`).sort()
}

describe.each(DIALECTS)('pressroom post on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  const list = async (...args: string[]) => {
    const result = await site.run(['post', 'list', '--json', ...args])
    expect(result.code).toBe(0)
    return JSON.parse(result.stdout) as ListedPost[]
  }
  const createDraft = async (title: string) => {
    const result = await site.run(['post', 'create', '--title', title, '--content', '<p>Body</p>', '--json'])
    expect(result.code).toBe(0)
    return JSON.parse(result.stdout) as ListedPost
  }

  test('create from a markdown file with categories and tags; list --json shows it with its permalink', async () => {
    writeFileSync(path.join(site.dir, 'story.md'), '## Results\n\nThe *count* is in.\n')
    await site.run(['user', 'create', '--email', 'reporter@example.com', '--name', 'Rita', '--role', 'author'])
    const result = await site.run([
      'post', 'create', '--title', 'Election night', '--content-file', 'story.md', '--status', 'publish',
      '--category', 'News', '--category', 'Politics', '--tag', 'elections', '--tag', 'live', '--author', 'reporter@example.com', '--json',
    ])
    expect(result.code).toBe(0)
    const created = JSON.parse(result.stdout) as ListedPost
    expect(created).toMatchObject({ title: 'Election night', slug: 'election-night', status: 'publish', type: 'post' })
    expect(created.link).toMatch(datedLink('election-night'))

    const listed = await list()
    const found = listed.find((p) => p.id === created.id)
    expect(found).toMatchObject({ id: created.id, title: 'Election night', slug: 'election-night', status: 'publish', link: created.link })
    expect(new Date(found!.date).getTime()).not.toBeNaN()

    await site.inspect(async (s) => {
      const post = await s.posts.get(created.id, systemActor)
      expect(post.content_format).toBe('markdown')
      expect(post.content).toContain('<h2>Results</h2>')
      expect(post.content).toContain('<em>count</em>')
      expect(post.author_id).toBe((await s.users.find('reporter@example.com')).id)
      expect(await termsOf(s, created.id)).toEqual(['category:News', 'category:Politics', 'post_tag:elections', 'post_tag:live'])
    })
  })

  test('create prints the id and link; --content with --format markdown, and a page with a slug', async () => {
    const post = await site.run(['post', 'create', '--title', 'Quick one', '--content', '**bold**', '--format', 'markdown', '--status', 'publish'])
    expect(post.code).toBe(0)
    expect(post.stdout).toMatch(/^Created post (\d+) \(publish\): http:\/\/127\.0\.0\.1:8080\/\d{4}\/\d{2}\/\d{2}\/quick-one\/\n$/)
    const id = Number(/^Created post (\d+)/.exec(post.stdout)![1])
    expect(await site.inspect(async (s) => (await s.posts.get(id, systemActor)).content)).toContain('<strong>bold</strong>')

    const page = await site.run(['post', 'create', '--type', 'page', '--title', 'About us', '--slug', 'about', '--content', '<p>Hi</p>', '--status', 'publish', '--json'])
    expect(JSON.parse(page.stdout)).toMatchObject({ type: 'page', slug: 'about', link: 'http://127.0.0.1:8080/about/' })
    expect((await list('--type', 'page')).map((p) => p.slug)).toEqual(['about'])
    expect((await list()).map((p) => p.slug)).not.toContain('about')
  })

  test('create reads the body from standard input with --content-file -', async () => {
    async function* stdin() {
      yield '<p>From a pipe</p>'
    }
    const result = await site.run(['post', 'create', '--title', 'Piped', '--content-file', '-', '--json'], { stdin: stdin() })
    expect(result.code).toBe(0)
    const { id } = JSON.parse(result.stdout) as ListedPost
    expect(await site.inspect(async (s) => (await s.posts.get(id, systemActor)).content)).toBe('<p>From a pipe</p>')
  })

  test('a draft is listed only with --status; publish gives it a dated link', async () => {
    const draft = await createDraft('Work in progress')
    expect(draft).toMatchObject({ status: 'draft', link: `http://127.0.0.1:8080/?p=${draft.id}` })
    expect((await list()).map((p) => p.id)).not.toContain(draft.id)
    expect((await list('--status', 'draft')).map((p) => p.id)).toEqual([draft.id])
    expect((await list('--status', 'any')).map((p) => p.id)).toContain(draft.id)

    const published = await site.run(['post', 'publish', String(draft.id)])
    expect(published.code).toBe(0)
    expect(published.stdout).toMatch(/^Published post \d+: http:\/\/127\.0\.0\.1:8080\/\d{4}\/\d{2}\/\d{2}\/work-in-progress\/\n$/)
    const listed = (await list()).find((p) => p.id === draft.id)
    expect(listed).toMatchObject({ status: 'publish' })
    expect(listed!.link).toMatch(datedLink('work-in-progress'))
  })

  test('--date with a future date schedules the post; a past one backdates it; a bad one exits 2 and writes nothing', async () => {
    const scheduled = await site.run(['post', 'create', '--title', 'Embargoed', '--content', 'x', '--status', 'publish', '--date', '2999-05-01T09:00:00Z', '--json'])
    expect(scheduled.code).toBe(0)
    expect(JSON.parse(scheduled.stdout)).toMatchObject({ status: 'future', date: '2999-05-01T09:00:00.000Z' })
    expect((await list()).map((p) => p.title)).not.toContain('Embargoed')
    const future = await site.run(['post', 'create', '--title', 'Also later', '--content', 'x', '--status', 'future', '--date', '2999-01-01T00:00:00Z', '--json'])
    expect(JSON.parse(future.stdout)).toMatchObject({ status: 'future' })

    const backdated = await site.run(['post', 'create', '--title', 'From the archive', '--content', 'x', '--status', 'publish', '--date', '2001-02-03T04:05:06Z', '--json'])
    expect(JSON.parse(backdated.stdout)).toMatchObject({ status: 'publish', date: '2001-02-03T04:05:06.000Z', link: 'http://127.0.0.1:8080/2001/02/03/from-the-archive/' })

    const before = (await list('--status', 'any')).length
    const bad = await site.run(['post', 'create', '--title', 'Bad date', '--content', 'x', '--status', 'publish', '--date', 'next tuesday'])
    expect(bad.code).toBe(2)
    expect(errorLine(bad)).toBe('error: "next tuesday" is not a date.')
    expect((await list('--status', 'any')).length).toBe(before)
  })

  test('delete moves to the trash; --force deletes for good; a missing post exits 1', async () => {
    const post = await createDraft('Short-lived')
    const trashed = await site.run(['post', 'delete', String(post.id)])
    expect(trashed).toMatchObject({ code: 0, stdout: `Moved post ${post.id} to the trash.\n` })
    expect((await list('--status', 'trash')).map((p) => p.id)).toEqual([post.id])
    expect((await list('--status', 'any')).find((p) => p.id === post.id)?.status).toBe('trash')

    const deleted = await site.run(['post', 'delete', String(post.id), '--force'])
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted post ${post.id} for good.\n` })
    expect(await site.inspect((s) => s.posts.get(post.id, systemActor).catch((err: Error) => err.message))).toBe(`Post ${post.id} not found.`)
    expect((await list('--status', 'any')).map((p) => p.id)).not.toContain(post.id)

    const again = await site.run(['post', 'delete', String(post.id)])
    expect(again.code).toBe(1)
    expect(errorLine(again)).toBe(`error: Post ${post.id} not found.`)
  })

  test('post list prints a table', async () => {
    await site.run(['post', 'create', '--title', 'Table row', '--content', 'x', '--status', 'publish'])
    const result = await site.run(['post', 'list'])
    expect(result.code).toBe(0)
    const [header, ...rows] = result.stdout.trimEnd().split('\n')
    expect(header).toMatch(/^ID\s+TITLE\s+STATUS\s+DATE\s+LINK$/)
    expect(rows.some((r) => /^\d+\s+Table row\s+publish\s+\S+\s+http:\/\/127\.0\.0\.1:8080\/\d{4}\/\d{2}\/\d{2}\/table-row\/$/.test(r))).toBe(true)
  })

  test('wrong input: no body, both bodies, a missing file, a bad status or format all exit 2 and write nothing', async () => {
    const before = (await list('--status', 'any')).length
    const cases: [string[], RegExp][] = [
      [['--title', 'T'], /^error: the body is missing/],
      [['--title', 'T', '--content', 'x', '--content-file', 'a.md'], /^error: option '--content <html>' cannot be used with option '--content-file <file>'$/],
      [['--title', 'T', '--content-file', 'nowhere.md'], /^error: cannot read --content-file nowhere\.md: no such file$/],
      [['--title', 'T', '--content', 'x', '--status', 'live'], /^error: Unknown status "live"/],
      [['--title', 'T', '--content', 'x', '--format', 'rtf'], /^error: option '--format <format>' argument 'rtf' is invalid\. Allowed choices are html, markdown\.$/],
      [['--title', 'T', '--content', 'x', '--type', 'page', '--category', 'News'], /^error: Pages have no categories or tags\.$/],
    ]
    for (const [args, message] of cases) {
      const result = await site.run(['post', 'create', ...args])
      expect(result.code, args.join(' ')).toBe(2)
      expect(errorLine(result)).toMatch(message)
    }
    expect((await list('--status', 'any')).length).toBe(before)
  })

  test('list refuses an unknown status with exit 2, naming the ones it takes', async () => {
    for (const status of ['live', 'publish,live']) {
      const result = await site.run(['post', 'list', '--status', status])
      expect(result.code).toBe(2)
      expect(result.stdout).toBe('')
      expect(errorLine(result)).toBe('error: --status: unknown status "live" (use draft, pending, publish, future, private, trash, several joined by commas, or any)')
    }
    // refused before the site is opened: a data folder without a site stays without one
    expect(existsSync(path.join(site.dir, 'pressroom.db'))).toBe(false)
  })

  test('publish and delete take numeric ids only (exit 2)', async () => {
    for (const argv of [['post', 'publish', 'abc'], ['post', 'delete', '1.5'], ['post', 'delete', '0']]) {
      const result = await site.run(argv)
      expect(result.code).toBe(2)
      expect(errorLine(result)).toMatch(/^error: command-argument value '.*' is invalid for argument 'id'\. It must be a positive whole number\.$/)
    }
  })
})
