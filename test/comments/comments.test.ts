import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { CommentInput } from '../../src/comments/index.js'
import { systemActor, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

const reader: Actor = { kind: 'anonymous' }

describe.each(DIALECTS)('comments on %s', (dialect) => {
  let site: TestSite
  let as: Record<Role, { id: number; actor: Actor }>
  let postId: number
  beforeEach(async () => {
    site = await openTestSite(dialect)
    as = await usersByRole(site.services)
    postId = (await site.services.posts.create({ title: 'Open for discussion', status: 'publish' }, as.author.actor)).id
  })
  afterEach(() => site.close())

  const byReader = (extra: Partial<CommentInput> = {}): CommentInput => ({
    postId,
    authorName: 'Rita Reader',
    authorEmail: 'Rita@Example.com',
    content: 'Great piece!',
    ...extra,
  })
  const commentCount = async (id = postId) => (await site.services.posts.get(id, systemActor)).comment_count
  const commentRows = () => site.services.handle.db.selectFrom('comments').selectAll().orderBy('id').execute()

  test('a reader’s comment on a published post is approved and counted', async () => {
    const comment = await site.services.comments.create(byReader({ authorIp: '203.0.113.5', authorUrl: ' https://rita.example ' }), reader)
    expect(comment).toMatchObject({
      post_id: postId,
      status: 'approved',
      author_name: 'Rita Reader',
      author_email: 'rita@example.com',
      author_url: 'https://rita.example',
      author_ip: '203.0.113.5',
      user_id: null,
      parent_id: null,
      content: 'Great piece!',
      type: 'comment',
    })
    expect(await commentCount()).toBe(1)
    await site.services.comments.create(byReader({ content: 'And another thing' }), reader)
    expect(await commentCount()).toBe(2)
    expect((await site.services.comments.approvedFor(postId)).map((c) => c.content)).toEqual(['Great piece!', 'And another thing'])
  })

  test('a signed-in user’s comment records who wrote it', async () => {
    const comment = await site.services.comments.create({ postId, content: 'From a subscriber' }, as.subscriber.actor)
    expect(comment).toMatchObject({ user_id: as.subscriber.id, status: 'approved' })
  })

  test('a draft, a missing post and a trashed post cannot be commented on', async () => {
    const { posts, comments } = site.services
    const draft = await posts.create({ title: 'Not yet' }, as.author.actor)
    await expect(comments.create(byReader({ postId: draft.id }), reader)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_comment_post' })
    await expect(comments.create(byReader({ postId: draft.id }), as.editor.actor)).rejects.toMatchObject({ code: 'invalid_comment_post' })
    await expect(comments.create(byReader({ postId: 99999 }), reader)).rejects.toMatchObject({ code: 'invalid_comment_post' })
    await posts.trash(postId, as.editor.actor)
    await expect(comments.create(byReader(), reader)).rejects.toMatchObject({ code: 'invalid_comment_post' })
    expect(await commentRows()).toEqual([])
  })

  test('closed comments are refused for readers and users, but a moderator may still reply', async () => {
    const { posts, comments } = site.services
    await posts.update(postId, { commentStatus: 'closed' }, as.author.actor)
    await expect(comments.create(byReader(), reader)).rejects.toMatchObject({ kind: 'forbidden', code: 'comments_closed' })
    await expect(comments.create(byReader(), as.subscriber.actor)).rejects.toMatchObject({ code: 'comments_closed' })
    await expect(comments.create(byReader(), as.contributor.actor)).rejects.toMatchObject({ code: 'comments_closed' })
    expect(await commentRows()).toEqual([])
    const reply = await comments.create({ postId, content: 'Closing note' }, as.editor.actor)
    expect(reply.status).toBe('approved')
    // the post's author moderates its comments, and may answer too
    expect((await comments.create({ postId, content: 'Author’s note' }, as.author.actor)).status).toBe('approved')
  })

  test('require_name_email: readers must give both; users need not; turning it off lifts it', async () => {
    const { comments, settings } = site.services
    await expect(comments.create(byReader({ authorEmail: '' }), reader)).rejects.toMatchObject({ kind: 'invalid', code: 'require_name_email' })
    await expect(comments.create(byReader({ authorName: '   ' }), reader)).rejects.toMatchObject({ code: 'require_name_email' })
    await expect(comments.create(byReader({ authorEmail: 'not-an-email' }), reader)).rejects.toMatchObject({ code: 'invalid_email' })
    expect(await commentRows()).toEqual([])
    expect((await comments.create({ postId, content: 'Signed in' }, as.subscriber.actor)).status).toBe('approved')

    await settings.set('require_name_email', false, as.administrator.actor)
    const anonymous = await comments.create({ postId, content: 'Nameless' }, reader)
    expect(anonymous).toMatchObject({ author_name: '', author_email: '', status: 'approved' })
    // an email given is still checked
    await expect(comments.create({ postId, content: 'x', authorEmail: 'bad@' }, reader)).rejects.toMatchObject({ code: 'invalid_email' })
  })

  test('empty content is refused', async () => {
    await expect(site.services.comments.create(byReader({ content: '  \n ' }), reader)).rejects.toMatchObject({ code: 'empty_comment' })
    expect(await commentRows()).toEqual([])
  })

  test('with comment_moderation on, a reader’s comment waits and is not counted until approved', async () => {
    const { comments, settings } = site.services
    await settings.set('comment_moderation', true, as.administrator.actor)
    const held = await comments.create(byReader(), reader)
    expect(held.status).toBe('pending')
    expect(await commentCount()).toBe(0)
    expect(await comments.approvedFor(postId)).toEqual([])
    // a moderator's own comment is not held
    expect((await comments.create({ postId, content: 'Editor note' }, as.editor.actor)).status).toBe('approved')
    expect(await commentCount()).toBe(1)

    const approved = await comments.setStatus(held.id, 'approved', as.editor.actor)
    expect(approved.status).toBe('approved')
    expect(await commentCount()).toBe(2)
    await comments.setStatus(held.id, 'spam', as.editor.actor)
    expect(await commentCount()).toBe(1)
    await comments.setStatus(held.id, 'trash', as.administrator.actor)
    expect(await commentCount()).toBe(1)
    expect(await comments.counts()).toEqual({ pending: 0, approved: 1, spam: 0, trash: 1, total: 2 })
  })

  test('replies: the parent must exist and be on the same post', async () => {
    const { posts, comments } = site.services
    const parent = await comments.create(byReader(), reader)
    const reply = await comments.create(byReader({ parentId: parent.id, content: 'Reply' }), reader)
    expect(reply.parent_id).toBe(parent.id)

    const otherPost = await posts.create({ title: 'Elsewhere', status: 'publish' }, as.author.actor)
    const elsewhere = await comments.create(byReader({ postId: otherPost.id }), reader)
    await expect(comments.create(byReader({ parentId: elsewhere.id }), reader)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_comment_parent' })
    await expect(comments.create(byReader({ parentId: 99999 }), reader)).rejects.toMatchObject({ code: 'invalid_comment_parent' })
    expect(await commentRows()).toHaveLength(3)
    expect(await commentCount()).toBe(2)
  })

  test('only moderators (and the post’s author) change a status; only moderators choose one', async () => {
    const { comments, posts } = site.services
    const comment = await comments.create(byReader(), reader)
    const othersPost = await posts.create({ title: 'By the editor', status: 'publish' }, as.editor.actor)
    const onOthers = await comments.create(byReader({ postId: othersPost.id, content: 'Elsewhere' }), reader)
    await expect(comments.setStatus(onOthers.id, 'spam', as.author.actor)).rejects.toMatchObject({ kind: 'forbidden', details: { capability: 'moderate_comments' } })
    await expect(comments.remove(onOthers.id, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    await comments.remove(onOthers.id, as.editor.actor)
    for (const role of ['contributor', 'subscriber'] as const) {
      await expect(comments.setStatus(comment.id, 'spam', as[role].actor)).rejects.toMatchObject({ kind: 'forbidden', details: { capability: 'moderate_comments' } })
      await expect(comments.remove(comment.id, as[role].actor)).rejects.toMatchObject({ kind: 'forbidden' })
    }
    await expect(comments.setStatus(comment.id, 'spam', reader)).rejects.toMatchObject({ kind: 'unauthenticated' })
    // a reader cannot pick the status of their own comment either
    await expect(comments.create(byReader({ status: 'approved' }), reader)).rejects.toMatchObject({ kind: 'unauthenticated' })
    await expect(comments.create(byReader({ status: 'approved' }), as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    expect((await commentRows()).map((c) => c.status)).toEqual(['approved'])
    expect(await commentCount()).toBe(1)
    // the post's author moderates the comments on it
    expect((await comments.setStatus(comment.id, 'spam', as.author.actor)).status).toBe('spam')
    expect((await comments.setStatus(comment.id, 'approved', as.author.actor)).status).toBe('approved')

    await expect(comments.setStatus(comment.id, 'hidden', as.editor.actor)).rejects.toMatchObject({ code: 'invalid_comment_status' })
    await expect(comments.setStatus(99999, 'spam', as.editor.actor)).rejects.toMatchObject({ kind: 'not_found', code: 'comment_not_found' })
    expect((await comments.setStatus(comment.id, 'pending', as.editor.actor)).status).toBe('pending')
    expect(await commentCount()).toBe(0)
    // an importer (or moderator) may set the status on creation
    expect((await comments.create(byReader({ status: 'spam' }), systemActor)).status).toBe('spam')
    expect(await commentCount()).toBe(0)
  })

  test('deleting an approved comment lowers the count', async () => {
    const { comments } = site.services
    const a = await comments.create(byReader(), reader)
    await comments.create(byReader({ content: 'Second' }), reader)
    expect(await commentCount()).toBe(2)
    await comments.remove(a.id, as.editor.actor)
    expect(await commentCount()).toBe(1)
    expect((await commentRows()).map((c) => c.content)).toEqual(['Second'])
  })
})
