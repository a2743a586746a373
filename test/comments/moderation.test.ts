import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { anonymousActor as reader, systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type SubmitFixture, submitFixture, visitor } from './submit-helpers.js'

describe.each(DIALECTS)('moderating comments on %s', (dialect) => {
  let f: SubmitFixture
  beforeEach(async () => {
    f = await submitFixture(dialect)
  })
  afterEach(() => f.close())

  const submit = (extra: Parameters<typeof visitor>[1] = {}) => f.comments.submit(visitor(f.postId, extra), reader)
  const count = async () => (await f.site.services.posts.get(f.postId, systemActor)).comment_count
  const events: string[] = []
  beforeEach(() => {
    events.length = 0
    f.site.services.events.on((e) => {
      if (e.type.startsWith('comment.')) events.push(`${e.type}:${'comment' in e ? e.comment.status : ''}`)
    })
  })

  test('approve, unapprove, spam, not spam, trash and restore move a comment and keep the count', async () => {
    const { comments } = f
    const editor = f.as.editor.actor
    const c = await submit()
    expect(await count()).toBe(1)
    expect((await comments.unapprove(c.id, editor)).status).toBe('pending')
    expect(await count()).toBe(0)
    expect((await comments.approve(c.id, editor)).status).toBe('approved')
    expect(await count()).toBe(1)
    expect(await comments.spam(c.id, editor)).toMatchObject({ status: 'spam', previous_status: 'approved' })
    expect(await count()).toBe(0)
    expect(await comments.unspam(c.id, editor)).toMatchObject({ status: 'approved', previous_status: '' })
    expect(await count()).toBe(1)
    await comments.unapprove(c.id, editor)
    expect(await comments.trash(c.id, editor)).toMatchObject({ status: 'trash', previous_status: 'pending' })
    expect((await comments.restore(c.id, editor)).status).toBe('pending')
    // nothing remembered: back to the moderation queue
    const imported = await comments.create(visitor(f.postId, { status: 'spam' }), systemActor)
    expect((await comments.unspam(imported.id, editor)).status).toBe('pending')
    // an action that changes nothing tells nobody
    const before = events.length
    expect((await comments.restore(c.id, editor)).status).toBe('pending')
    expect(events.length).toBe(before)
    expect(events).toContain('comment.saved:approved')
  })

  test('counts per status, for the site and for one post', async () => {
    const { comments } = f
    const editor = f.as.editor.actor
    const a = await submit()
    const b = await submit()
    await submit()
    await comments.spam(a.id, editor)
    await comments.trash(b.id, editor)
    await f.set({ comment_moderation: true })
    await submit()
    expect(await comments.counts()).toEqual({ pending: 1, approved: 1, spam: 1, trash: 1, total: 4 })
    const other = await f.site.services.posts.create({ title: 'Other', status: 'publish' }, editor)
    await comments.create(visitor(other.id, { status: 'approved' }), systemActor)
    expect(await comments.counts({ postId: other.id })).toEqual({ pending: 0, approved: 1, spam: 0, trash: 0, total: 1 })
    expect((await comments.counts()).total).toBe(5)
  })

  test('deleting for good keeps the replies, moved up to the deleted comment’s parent', async () => {
    const { comments } = f
    const editor = f.as.editor.actor
    const top = await submit()
    const middle = await submit({ parentId: top.id })
    const reply = await submit({ parentId: middle.id })
    await comments.remove(middle.id, editor)
    expect((await comments.get(reply.id, editor)).parent_id).toBe(top.id)
    await expect(comments.get(middle.id, editor)).rejects.toMatchObject({ kind: 'not_found', code: 'comment_not_found' })
    expect(await count()).toBe(2)
    expect(events.at(-1)).toBe('comment.deleted:approved')
  })

  test('edit: a moderator changes the words (sanitized again), the name, the website and the status', async () => {
    const c = await submit()
    const edited = await f.comments.update(c.id, { content: 'Edited <script>x</script>https://a.example', authorName: ' Rita R. ', authorUrl: 'javascript:alert(1)', status: 'spam' }, f.as.editor.actor)
    expect(edited).toMatchObject({
      content: 'Edited https://a.example',
      content_html: '<p>Edited <a href="https://a.example" rel="nofollow ugc">https://a.example</a></p>',
      author_name: 'Rita R.',
      author_url: '',
      status: 'spam',
      previous_status: 'approved',
    })
    expect(await count()).toBe(0)
    await expect(f.comments.update(c.id, { content: '<p> </p>' }, f.as.editor.actor)).rejects.toMatchObject({ code: 'empty_comment' })
    await expect(f.comments.update(c.id, { status: 'gone' }, f.as.editor.actor)).rejects.toMatchObject({ code: 'invalid_comment_status' })
    const newEmail = await f.comments.update(c.id, { authorEmail: 'Rita@Elsewhere.example' }, f.as.editor.actor)
    expect(newEmail.author_email).toBe('rita@elsewhere.example')
    expect(newEmail.avatar_hash).not.toBe(c.avatar_hash)
  })

  test('a moderator’s reply threads under the comment, approves it when it waited, and is approved itself', async () => {
    await f.set({ comment_moderation: true })
    const held = await submit()
    expect(held.status).toBe('pending')
    const reply = await f.comments.reply(held.id, 'Thanks, we have corrected it.', f.as.editor.actor)
    expect(reply).toMatchObject({ parent_id: held.id, status: 'approved', user_id: f.as.editor.id, author_name: 'The editor', author_email: 'editor@example.com' })
    expect((await f.comments.get(held.id, f.as.editor.actor)).status).toBe('approved')
    expect(await count()).toBe(2)
    await expect(f.comments.reply(held.id, 'Me too', f.as.subscriber.actor)).rejects.toMatchObject({ kind: 'forbidden' })
  })

  test('who may moderate: editors everywhere, an author on their own posts only, nobody else', async () => {
    const { comments, site } = f
    const mine = await submit()
    const othersPost = await site.services.posts.create({ title: 'The editor’s', status: 'publish' }, f.as.editor.actor)
    const theirs = await comments.submit(visitor(othersPost.id), reader)
    expect((await comments.spam(mine.id, f.as.author.actor)).status).toBe('spam')
    await expect(comments.spam(theirs.id, f.as.author.actor)).rejects.toMatchObject({ kind: 'forbidden', details: { capability: 'moderate_comments' } })
    await expect(comments.get(theirs.id, f.as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    for (const role of ['contributor', 'subscriber'] as const) {
      await expect(comments.approve(mine.id, f.as[role].actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(comments.list({}, f.as[role].actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(comments.counts({}, f.as[role].actor)).rejects.toMatchObject({ kind: 'forbidden' })
    }
    await expect(comments.approve(mine.id, reader)).rejects.toMatchObject({ kind: 'unauthenticated' })
    await expect(comments.update(mine.id, { content: 'x' }, f.as.contributor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    // an author sees and counts only the comments on their posts
    expect((await comments.list({}, f.as.author.actor)).map((c) => c.id)).toEqual([mine.id])
    expect(await comments.counts({}, f.as.author.actor)).toMatchObject({ spam: 1, approved: 0, total: 1 })
    expect((await comments.list({}, f.as.editor.actor)).map((c) => c.id).sort()).toEqual([mine.id, theirs.id].sort())
    expect((await comments.list({ status: 'spam' }, f.as.editor.actor)).map((c) => c.id)).toEqual([mine.id])
    expect((await comments.list({ postId: othersPost.id }, systemActor)).map((c) => c.id)).toEqual([theirs.id])
  })

  test('several at once in one transaction: all change, or with one missing or refused, none', async () => {
    const { comments, site } = f
    const a = await submit()
    const b = await submit()
    const othersPost = await site.services.posts.create({ title: 'The editor’s', status: 'publish' }, f.as.editor.actor)
    const c = await comments.submit(visitor(othersPost.id), reader)
    await expect(comments.moderate([a.id, 99_999], 'trash', f.as.editor.actor)).rejects.toMatchObject({ code: 'comment_not_found' })
    await expect(comments.moderate([a.id, c.id], 'spam', f.as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    expect((await comments.list({}, systemActor)).map((x) => x.status)).toEqual(['approved', 'approved', 'approved'])
    expect(await count()).toBe(2)
    const done = await comments.moderate([a.id, b.id], 'trash', f.as.author.actor)
    expect(done.map((x) => x.status)).toEqual(['trash', 'trash'])
    expect(await count()).toBe(0)
    await comments.moderate([a.id, b.id], 'delete', systemActor)
    expect(await comments.counts()).toMatchObject({ total: 1 })
  })

  test('a held comment is shown to its writer only through its moderation hash', async () => {
    await f.set({ comment_moderation: true })
    const held = await submit()
    const hash = await f.comments.moderationHash(held)
    expect(hash).toMatch(/^[0-9a-f]{32}$/)
    expect((await f.comments.heldFor(held.id, hash))?.id).toBe(held.id)
    expect(await f.comments.heldFor(held.id, hash.replace(/.$/, (c) => (c === '0' ? '1' : '0')))).toBeNull()
    expect(await f.comments.heldFor(held.id, '')).toBeNull()
    await f.comments.approve(held.id, f.as.editor.actor)
    expect(await f.comments.heldFor(held.id, hash)).toBeNull() // approved: it is in the thread for everyone now
  })
})
