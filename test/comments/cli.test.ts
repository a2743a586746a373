import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { Services } from '../../src/services.js'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { type CliSite, cliSite, errorLine } from '../cli/cli-harness.js'
import { DIALECTS } from '../helpers/databases.js'

interface Listed {
  id: number
  post: number
  parent: number
  status: string
  author_name: string
  author_email: string
  content: string
}

describe.each(DIALECTS)('pressroom comment on %s', (dialect) => {
  let site: CliSite
  let ids: { postId: number; a: number; b: number; c: number; other: number }
  beforeEach(async () => {
    site = await cliSite(dialect)
    ids = await site.inspect(async (s: Services) => {
      await s.settings.update({ comment_previously_approved: false, comment_flood_seconds: 0 }, systemActor)
      const post = await s.posts.create({ title: 'Bridge vote', status: 'publish' }, systemActor)
      const other = await s.posts.create({ title: 'Cup final', status: 'publish' }, systemActor)
      const by = (n: string) => ({ postId: post.id, authorName: n, authorEmail: `${n.toLowerCase()}@example.com`, authorIp: '198.51.100.3' })
      const a = await s.comments.submit({ ...by('Ann'), content: 'First, and <b>bold</b>' }, anonymousActor)
      const b = await s.comments.submit({ ...by('Bob'), content: 'A reply', parentId: a.id }, anonymousActor)
      const c = await s.comments.create({ ...by('Cid'), content: 'Spammy', status: 'spam' }, systemActor)
      const o = await s.comments.create({ postId: other.id, authorName: 'Dee', authorEmail: 'dee@example.com', content: 'Elsewhere', status: 'pending' }, systemActor)
      return { postId: post.id, a: a.id, b: b.id, c: c.id, other: o.id }
    })
  })
  afterEach(() => site.cleanup())

  const list = async (...args: string[]): Promise<Listed[]> => {
    const result = await site.run(['comment', 'list', '--json', ...args])
    expect(result).toMatchObject({ code: 0, stderr: '' })
    return JSON.parse(result.stdout) as Listed[]
  }
  const statuses = async () => Object.fromEntries((await list()).map((c) => [c.id, c.status]))

  test('list prints every comment as JSON, newest first, with post, parent, status and author', async () => {
    const all = await list()
    expect(all.map((c) => c.id)).toEqual([ids.other, ids.c, ids.b, ids.a])
    expect(all.find((c) => c.id === ids.b)).toMatchObject({ post: ids.postId, parent: ids.a, status: 'approved', author_name: 'Bob', author_email: 'bob@example.com', content: 'A reply' })
    expect(all.find((c) => c.id === ids.a)).toMatchObject({ parent: 0, content: 'First, and bold' })
  })

  test('list filters by --status and --post, and prints a table without --json', async () => {
    expect((await list('--status', 'spam')).map((c) => c.id)).toEqual([ids.c])
    expect((await list('--status', 'pending')).map((c) => c.id)).toEqual([ids.other])
    expect((await list('--post', String(ids.postId))).map((c) => c.id)).toEqual([ids.c, ids.b, ids.a])
    expect(await list('--status', 'trash')).toEqual([])
    const table = await site.run(['comment', 'list', '--status', 'approved'])
    expect(table.code).toBe(0)
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+POST\s+PARENT\s+STATUS\s+AUTHOR\s+DATE\s+COMMENT$/)
    expect(table.stdout).toContain('First, and bold')
    expect((await site.run(['comment', 'list', '--status', 'trash'])).stdout).toBe('No comments.\n')
    const bad = await site.run(['comment', 'list', '--status', 'hidden'])
    expect(bad.code).toBe(2)
    expect(errorLine(bad)).toMatch(/--status <status>' argument 'hidden' is invalid/)
  })

  test('approve, unapprove, spam, trash and delete several ids at once', async () => {
    expect(await site.run(['comment', 'approve', String(ids.c), String(ids.other)])).toMatchObject({ code: 0, stdout: `Approved: comment ${ids.c}, comment ${ids.other}.\n` })
    expect(await statuses()).toMatchObject({ [ids.c]: 'approved', [ids.other]: 'approved' })
    expect((await site.run(['comment', 'unapprove', String(ids.a)])).code).toBe(0)
    expect((await site.run(['comment', 'spam', String(ids.b)])).code).toBe(0)
    expect((await site.run(['comment', 'trash', String(ids.c)])).code).toBe(0)
    expect(await statuses()).toMatchObject({ [ids.a]: 'pending', [ids.b]: 'spam', [ids.c]: 'trash' })
    expect((await site.run(['comment', 'unspam', String(ids.b)])).code).toBe(0)
    expect((await site.run(['comment', 'restore', String(ids.c)])).code).toBe(0)
    expect(await statuses()).toMatchObject({ [ids.b]: 'approved', [ids.c]: 'approved' })
    expect(await site.run(['comment', 'delete', String(ids.a)])).toMatchObject({ code: 0, stdout: `Deleted: comment ${ids.a}.\n` })
    const left = await list()
    expect(left.map((c) => c.id)).not.toContain(ids.a)
    expect(left.find((c) => c.id === ids.b)!.parent).toBe(0)
    expect(await site.inspect((s) => s.posts.get(ids.postId, systemActor))).toMatchObject({ comment_count: 2 })
  })

  test('an unknown id changes nothing and exits 1 with one line; a bad id exits 2', async () => {
    const missing = await site.run(['comment', 'trash', String(ids.a), '99999'])
    expect(missing.code).toBe(1)
    expect(errorLine(missing)).toBe('error: Comment 99999 not found.')
    expect((await statuses())[ids.a]).toBe('approved')
    const bad = await site.run(['comment', 'approve', 'abc'])
    expect(bad.code).toBe(2)
    expect(errorLine(bad)).toMatch(/It must be a positive whole number/)
  })
})
