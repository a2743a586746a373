import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CommentsApp, postComment, readerForm, send, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'

describe.each(DIALECTS)('comments and the page cache on %s', (dialect) => {
  let s: CommentsApp
  beforeAll(async () => {
    s = await startCommentsApp(dialect, { cache: true })
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0 })
  })
  afterAll(() => s.close())

  const get = (path: string, headers: Record<string, string> = {}) => send(s.url + path, { headers })

  test('an approved comment purges its post’s cached page; a held one does not, and its view is never stored', async () => {
    const post = await s.post('Cached story')
    await get(post.path)
    expect((await get(post.path)).headers.get('x-cache')).toBe('HIT')

    const approved = await postComment(s.url, readerForm(post.id, { comment: 'Shown to all at once' }), {}, '127.0.3.1')
    expect(approved.status).toBe(303)
    const after = await get(post.path)
    expect(after.headers.get('x-cache')).toBe('MISS')
    expect(await after.text()).toContain('Shown to all at once')
    expect((await get(post.path)).headers.get('x-cache')).toBe('HIT')

    await s.set({ comment_moderation: true })
    await get(post.path)
    const entries = s.cache!.stats().entries
    const held = await postComment(s.url, readerForm(post.id, { comment: 'Only mine for now', 'wp-comment-cookies-consent': 'yes' }), {}, '127.0.3.2')
    const location = held.headers.get('location')!.replace(/#.*/, '')
    expect(location).toContain('unapproved=')
    const plain = await get(post.path)
    expect(plain.headers.get('x-cache')).toBe('HIT')
    expect(await plain.text()).not.toContain('Only mine for now')
    // the writer's own view: made for them, with their commenter cookie, never stored, never reused
    const cookie = held.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    for (let i = 0; i < 2; i++) {
      const mine = await get(new URL(location).pathname + new URL(location).search, { cookie, 'accept-encoding': 'gzip, br' })
      expect(mine.headers.get('x-cache')).toBe('BYPASS')
      expect(mine.headers.get('cache-control')).toBe('private, no-store')
      expect(mine.headers.get('etag')).toBeNull()
      expect(await mine.text()).toContain('Only mine for now')
    }
    expect(s.cache!.stats().entries).toBe(entries)
    // the remembered email is in the cookie only: the cached page is the same for everyone
    expect(await (await get(post.path, { cookie })).text()).not.toContain('rita@example.com')
  })
})
