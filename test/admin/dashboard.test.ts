import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { startTestServer, type TestServer } from '../helpers/server.js'
import { PASSWORD, signIn, staff } from './helpers.js'

interface Summary {
  counts: Record<string, number>
  recent_drafts: { id: number; title: string }[]
  recent_comments: { author_name: string; post_title: string; status: string; excerpt: string }[]
  activity: { day: string; posts: number; comments: number }[]
}

describe.each(DIALECTS)('the dashboard on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await staff(server.services)
    const { posts, comments, users } = server.services
    const author = (await users.find('author@example.com')).id
    const editor = (await users.find('editor@example.com')).id
    const story = await posts.create({ title: 'Bridge reopens', content: '<p>Traffic flows again.</p>', status: 'publish', authorId: author }, systemActor)
    await posts.create({ title: 'An old story', content: '<p>x</p>', status: 'publish', publishedAt: new Date(Date.now() - 10 * 86400_000), authorId: author }, systemActor)
    await posts.create({ title: 'My draft', content: '<p>Half <strong>written</strong></p>', status: 'draft', authorId: author }, systemActor)
    await posts.create({ title: 'Someone else’s draft', content: '<p>y</p>', status: 'draft', authorId: editor }, systemActor)
    await posts.create({ title: 'For review', content: '<p>z</p>', status: 'pending', authorId: author }, systemActor)
    await comments.create({ postId: story.id, authorName: 'Ann Reader', authorEmail: 'ann@example.com', content: 'Finally!', status: 'approved' }, systemActor)
    await comments.create({ postId: story.id, authorName: 'Bob Waiting', authorEmail: 'bob@example.com', content: 'Is it safe?', status: 'pending' }, systemActor)
    await comments.create({ postId: story.id, authorName: 'Spammer', authorEmail: 's@example.com', content: 'Buy now', status: 'spam' }, systemActor)
  })
  afterAll(() => server?.close())

  test('counts, the person’s own drafts, recent comments without spam, and 30 days of activity ending today', async () => {
    const client = await signIn(server.url, 'author@example.com', PASSWORD)
    const res = await client.call('GET', '/admin/api/dashboard')
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toContain('no-store')
    const summary = (await res.json()) as Summary
    // The welcome post of a new site counts among the published.
    expect(summary.counts).toMatchObject({ published: 3, drafts: 2, pending: 1, comments_pending: 1 })
    expect(summary.recent_drafts.map((d) => d.title)).toEqual(['My draft'])
    expect(summary.recent_comments.map((c) => c.author_name).sort()).toEqual(['Ann Reader', 'Bob Waiting'])
    expect(summary.recent_comments.map((c) => c.post_title)).toEqual(['Bridge reopens', 'Bridge reopens'])
    expect(summary.activity).toHaveLength(30)
    const today = summary.activity.at(-1)!
    expect(today.posts).toBeGreaterThanOrEqual(2)
    expect(today.comments).toBe(2)
    expect(summary.activity.reduce((n, d) => n + d.posts, 0)).toBe(3)
    expect(new Set(summary.activity.map((d) => d.day)).size).toBe(30)
  })

  test('a contributor sees counts and their drafts but no one else’s comments', async () => {
    const client = await signIn(server.url, 'contributor@example.com', PASSWORD)
    const summary = (await (await client.call('GET', '/admin/api/dashboard')).json()) as Summary
    expect(summary.recent_drafts).toEqual([])
    expect(summary.recent_comments).toEqual([])
    expect(summary.counts.comments_pending).toBe(0)
  })
})
