import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CommentsApp, postComment, readerForm, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'

const SUBMISSIONS = 1000
const CLIENTS = 50
/** Some submissions repeat an earlier one word for word, often at the same moment from another client. */
const REPEATS = 50

describe.each(DIALECTS)('1,000 comments from 50 clients at once on one post, on %s', (dialect) => {
  let s: CommentsApp
  beforeAll(async () => {
    // PostgreSQL gets a pool as big as the clients' concurrency would like; SQLite has its one connection.
    s = await startCommentsApp(dialect, { env: { PRESSROOM_DB_POOL_SIZE: '20' } })
    // the limits raised (0 is off): this is about losing nothing, not about refusing floods
    await s.set({ comment_flood_seconds: 0, comment_rate_per_hour: 0, comment_post_rate_per_minute: 0, comment_min_fill_seconds: 0, comment_previously_approved: false, comment_max_links: 0 })
  })
  afterAll(() => s.close())

  test('every accepted comment is stored exactly once; every other is refused with a clear status; none is lost', { timeout: 180_000 }, async () => {
    const post = await s.post('The busiest story of the year')
    const unique = SUBMISSIONS - REPEATS
    const forms = Array.from({ length: SUBMISSIONS }, (_, i) => {
      const n = i < unique ? i : (i - unique) * 7 // the repeats copy comments 0, 7, 14, …
      return readerForm(post.id, { comment: `Load comment ${n}: the vote, the budget and the bridge.`, author: `Reader ${n}`, email: `reader${n}@example.com` })
    })
    // Interleave: the repeats go out among the originals, so a copy and its original may be in flight together.
    const order = forms.map((_, i) => i).sort((a, b) => ((a * 7919) % SUBMISSIONS) - ((b * 7919) % SUBMISSIONS))
    const answers: { index: number; status: number; location: string | null; body: string }[] = []
    let next = 0
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, client) => {
        while (next < order.length) {
          const index = order[next++]!
          const res = await postComment(s.url, forms[index]!, { accept: 'application/json' }, `127.0.2.${client + 1}`)
          answers.push({ index, status: res.status, location: res.headers.get('location'), body: await res.text() })
        }
      }),
    )
    expect(answers).toHaveLength(SUBMISSIONS)
    const byStatus: Record<string, typeof answers> = {}
    for (const a of answers) (byStatus[a.status] ??= []).push(a)
    // accepted (303) or refused as a duplicate (409): nothing else, no 5xx
    expect(Object.keys(byStatus).sort()).toEqual(['303', '409'])
    const accepted = byStatus['303']!
    for (const refused of byStatus['409']!) expect(JSON.parse(refused.body)).toMatchObject({ code: 'comment_duplicate', data: { status: 409 } })
    expect(accepted).toHaveLength(unique)
    expect(byStatus['409']).toHaveLength(REPEATS)

    const rows = await s.services.handle.db.selectFrom('comments').select(['id', 'content', 'author_name', 'status']).where('post_id', '=', post.id).execute()
    expect(rows).toHaveLength(unique)
    // each accepted answer points at its own row, holding exactly what was sent
    const byId = new Map(rows.map((r) => [r.id, r]))
    const ids = accepted.map((a) => Number(/#comment-(\d+)$/.exec(a.location ?? '')?.[1]))
    expect(new Set(ids).size).toBe(unique)
    for (const [i, a] of accepted.entries()) {
      const row = byId.get(ids[i]!)
      expect(row, a.location ?? '').toBeDefined()
      expect(row!.content).toBe(forms[a.index]!.comment)
      expect(row!.author_name).toBe(forms[a.index]!.author)
    }
    // every distinct comment stored exactly once
    const contents = rows.map((r) => r.content)
    expect(new Set(contents).size).toBe(unique)
    expect(rows.every((r) => r.status === 'approved')).toBe(true)
    expect((await s.services.posts.get(post.id, s.users.editor.actor)).comment_count).toBe(unique)
  })
})
