import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { DUPLICATE_MESSAGE, FLOOD_MESSAGE, MAX_CONTENT } from '../../src/comments/index.js'
import { anonymousActor as reader } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type SubmitFixture, submitFixture, visitor } from './submit-helpers.js'

describe.each(DIALECTS)('the discussion rules on %s', (dialect) => {
  let f: SubmitFixture
  beforeEach(async () => {
    f = await submitFixture(dialect)
  })
  afterEach(() => f.close())

  const submit = (extra: Parameters<typeof visitor>[1] = {}, actor = reader) => f.comments.submit(visitor(f.postId, extra), actor)
  const statusOf = async (extra: Parameters<typeof visitor>[1] = {}, actor = reader) => (await submit(extra, actor)).status
  const stored = () => f.site.services.handle.db.selectFrom('comments').selectAll().orderBy('id').execute()

  test('a reader’s comment passing every rule is approved, sanitized and rendered', async () => {
    const c = await submit({ content: 'Hello <script>alert(1)</script><b>world</b>\n\nsee https://example.com', authorUrl: 'rita.example' })
    expect(c).toMatchObject({ status: 'approved', author_url: 'http://rita.example', moderation_reason: '' })
    expect(c.content).toBe('Hello <strong>world</strong>\n\nsee https://example.com')
    expect(c.content_html).toBe('<p>Hello <strong>world</strong></p>\n<p>see <a href="https://example.com" rel="nofollow ugc">https://example.com</a></p>')
    expect(c.avatar_hash).toMatch(/^[0-9a-f]{32}$/)
  })

  test('comments closed on the post: refused (403); open: taken', async () => {
    await f.site.services.posts.update(f.postId, { commentStatus: 'closed' }, f.as.editor.actor)
    await expect(submit()).rejects.toMatchObject({ kind: 'forbidden', code: 'comments_closed' })
    await f.site.services.posts.update(f.postId, { commentStatus: 'open' }, f.as.editor.actor)
    expect(await statusOf()).toBe('approved')
  })

  test('a password-protected post takes no comments from readers (403); without a password it does', async () => {
    await f.site.services.posts.update(f.postId, { password: 'secret' }, f.as.editor.actor)
    await expect(submit()).rejects.toMatchObject({ kind: 'forbidden', code: 'comment_on_password_protected' })
    expect(await statusOf({}, f.as.editor.actor)).toBe('approved')
    await f.site.services.posts.update(f.postId, { password: '' }, f.as.editor.actor)
    expect(await statusOf()).toBe('approved')
  })

  test('default_comment_status closed: new posts refuse comments; open: they take them', async () => {
    await f.set({ default_comment_status: 'closed' })
    const closed = await f.site.services.posts.create({ title: 'Closed by default', status: 'publish' }, f.as.editor.actor)
    await expect(f.comments.submit(visitor(closed.id), reader)).rejects.toMatchObject({ code: 'comments_closed' })
    await f.set({ default_comment_status: 'open' })
    const open = await f.site.services.posts.create({ title: 'Open by default', status: 'publish' }, f.as.editor.actor)
    expect((await f.comments.submit(visitor(open.id), reader)).status).toBe('approved')
  })

  test('close_comments_for_old_posts: older than the days set is closed; younger, or the rule off, is open', async () => {
    const { posts } = f.site.services
    const day = 86_400_000
    const old = await posts.create({ title: 'Old news', status: 'publish', publishedAt: new Date(f.time.at() - 20 * day) }, f.as.editor.actor)
    const recent = await posts.create({ title: 'Recent news', status: 'publish', publishedAt: new Date(f.time.at() - 10 * day) }, f.as.editor.actor)
    expect((await f.comments.submit(visitor(old.id), reader)).status).toBe('approved')
    await f.set({ close_comments_for_old_posts: true, close_comments_days_old: 14 })
    await expect(f.comments.submit(visitor(old.id), reader)).rejects.toMatchObject({ kind: 'forbidden', code: 'comments_closed' })
    expect(await f.comments.isOpen((await posts.get(old.id, f.as.editor.actor)))).toBe(false)
    expect((await f.comments.submit(visitor(recent.id), reader)).status).toBe('approved')
    f.time.advance(5 * 86_400)
    await expect(f.comments.submit(visitor(recent.id), reader)).rejects.toMatchObject({ code: 'comments_closed' })
    // the post's author still answers on it
    expect((await f.comments.submit({ postId: recent.id, content: 'A late note from the desk' }, f.as.editor.actor)).status).toBe('approved')
  })

  test('comment_registration: anonymous readers are refused (401); signed-in users comment', async () => {
    await f.set({ comment_registration: true })
    await expect(submit()).rejects.toMatchObject({ kind: 'unauthenticated', code: 'comment_login_required' })
    expect(await statusOf({}, f.as.subscriber.actor)).toBe('approved')
  })

  test('require_name_email: a missing name or email is refused naming the field; given, or the rule off, taken', async () => {
    await expect(submit({ authorName: ' ' })).rejects.toMatchObject({ kind: 'invalid', code: 'require_name_email', details: { field: 'author' } })
    await expect(submit({ authorEmail: '' })).rejects.toMatchObject({ code: 'require_name_email', details: { field: 'email' } })
    await expect(submit({ content: ' \n ' })).rejects.toMatchObject({ code: 'empty_comment', details: { field: 'comment' } })
    await expect(submit({ content: '<script>only code</script>' })).rejects.toMatchObject({ code: 'empty_comment' })
    await expect(submit({ authorEmail: 'rita@' })).rejects.toMatchObject({ code: 'invalid_email', details: { field: 'email' } })
    expect(await stored()).toEqual([])
    expect(await statusOf()).toBe('approved')
    await f.set({ require_name_email: false })
    expect(await statusOf({ authorName: '', authorEmail: '' })).toBe('approved')
  })

  test('a comment over 64 KB is refused, counted in bytes as WordPress counts; at the limit it is taken', async () => {
    await expect(submit({ content: 'x'.repeat(65_526) })).rejects.toMatchObject({ kind: 'invalid', code: 'comment_too_long', details: { field: 'comment' } })
    // 30,000 euro signs: fewer characters than the limit, but 90,000 bytes
    await expect(submit({ content: '€'.repeat(30_000) })).rejects.toMatchObject({ code: 'comment_too_long' })
    expect(await stored()).toEqual([])
    expect(await statusOf({ content: `${'€'.repeat(21_000)}${'a'.repeat(MAX_CONTENT - 63_000)}` })).toBe('approved')
    const c = await submit({ content: 'Short and fine.' })
    await expect(f.comments.update(c.id, { content: '€'.repeat(30_000) }, f.as.editor.actor)).rejects.toMatchObject({ code: 'comment_too_long' })
  })

  test('a signed-in user comments under their own name and email, whatever the form says', async () => {
    const c = await submit({ authorName: 'Somebody Else', authorEmail: 'else@example.com', authorUrl: 'https://else.example' }, f.as.subscriber.actor)
    expect(c).toMatchObject({ user_id: f.as.subscriber.id, author_name: 'The subscriber', author_email: 'subscriber@example.com', author_url: '' })
  })

  test('comment_moderation: on holds every reader’s comment; off approves it; a moderator’s is never held', async () => {
    await f.set({ comment_moderation: true })
    const held = await submit()
    expect(held).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('Every comment waits for approval') })
    expect(await statusOf({}, f.as.editor.actor)).toBe('approved')
    expect(await statusOf({}, f.as.author.actor)).toBe('approved') // the post's author
    await f.set({ comment_moderation: false })
    expect(await statusOf()).toBe('approved')
  })

  test('comment_previously_approved: a first comment waits; once one is approved the next goes through', async () => {
    await f.set({ comment_previously_approved: true })
    const first = await submit()
    expect(first).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('First comment') })
    expect(await statusOf()).toBe('pending')
    await f.comments.approve(first.id, f.as.editor.actor)
    expect(await statusOf()).toBe('approved')
    // the same email under another name is somebody else
    expect(await statusOf({ authorName: 'Rita R.' })).toBe('pending')
    // signed-in users are known by their account
    expect(await statusOf({}, f.as.subscriber.actor)).toBe('pending')
    await f.set({ comment_previously_approved: false })
    expect(await statusOf({ authorEmail: 'new@example.com' })).toBe('approved')
  })

  test('comment_max_links: as many links as the setting holds; fewer pass; 0 turns it off', async () => {
    const two = 'Read https://one.example and <a href="https://two.example">two</a>'
    expect(await submit({ content: two })).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('2 links (held from 2)') })
    expect(await statusOf({ content: 'Only https://one.example here' })).toBe('approved')
    await f.set({ comment_max_links: 0 })
    expect(await statusOf({ content: `${two} again` })).toBe('approved')
  })

  test('moderation_keys: a listed word in the text, name, email, website or address holds; nothing listed passes', async () => {
    await f.set({ moderation_keys: 'bridge\nsuspect@example.net\n203.0.113.\nshady.example\nMr Shady' })
    const held = await submit({ content: 'About the BRIDGES in town' })
    expect(held).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('moderation list ("bridge")') })
    expect(await statusOf({ authorEmail: 'suspect@example.net' })).toBe('pending')
    expect(await statusOf({ authorIp: '203.0.113.9' })).toBe('pending')
    expect(await statusOf({ authorUrl: 'https://www.shady.example/' })).toBe('pending')
    expect(await statusOf({ authorName: 'mr shady' })).toBe('pending')
    expect(await statusOf({ content: 'About the tunnel', authorIp: '198.51.100.9' })).toBe('approved')
  })

  test('disallowed_keys: a listed word, name, email, website or address sends it to spam; nothing listed passes', async () => {
    await f.set({ disallowed_keys: 'cheap watches\nspammer@example.net\n192.0.2.66\nbad.example\nSpam King', comment_moderation: true })
    const spam = await submit({ content: 'Buy CHEAP WATCHES today' })
    expect(spam).toMatchObject({ status: 'spam', moderation_reason: expect.stringContaining('disallowed list ("cheap watches")') })
    expect(await statusOf({ authorEmail: 'spammer@example.net' })).toBe('spam')
    expect(await statusOf({ authorIp: '192.0.2.66' })).toBe('spam')
    expect(await statusOf({ authorUrl: 'http://bad.example/shop' })).toBe('spam')
    expect(await statusOf({ authorName: 'Spam King' })).toBe('spam')
    expect(await statusOf({ content: 'Nice watches in the photo' })).toBe('pending') // held by comment_moderation only
    expect(await f.site.services.posts.get(f.postId, f.as.editor.actor)).toMatchObject({ comment_count: 0 })
  })

  test('a duplicate is refused with WordPress’s message (409); the same words elsewhere, or after a trash, are not', async () => {
    const first = await submit({ content: 'Same words' })
    await expect(submit({ content: 'Same words' })).rejects.toMatchObject({ kind: 'conflict', code: 'comment_duplicate', message: DUPLICATE_MESSAGE, details: { existing: first.id } })
    expect(DUPLICATE_MESSAGE).toBe("Duplicate comment detected; it looks as though you've already said that!")
    // moderators repeat themselves no more than readers
    const note = await submit({ content: 'Editor note' }, f.as.editor.actor)
    await expect(submit({ content: 'Editor note' }, f.as.editor.actor)).rejects.toMatchObject({ code: 'comment_duplicate' })
    expect(note.status).toBe('approved')
    expect((await submit({ content: 'Same words', authorName: 'Other Reader', authorEmail: 'other@example.com' })).status).toBe('approved')
    expect((await submit({ content: 'Same words', parentId: first.id })).status).toBe('approved')
    await f.comments.trash(first.id, f.as.editor.actor)
    expect((await submit({ content: 'Same words' })).status).toBe('approved')
  })

  test('flood: a second comment within comment_flood_seconds is refused (429); later, elsewhere, or for moderators, it is not', async () => {
    await f.set({ comment_flood_seconds: 15 })
    await submit()
    f.time.advance(5)
    await expect(submit()).rejects.toMatchObject({ kind: 'too_many', code: 'comment_flood', message: FLOOD_MESSAGE, details: { retryAfter: 10 } })
    // the same person from another address, by their email
    await expect(submit({ authorIp: '198.51.100.99' })).rejects.toMatchObject({ code: 'comment_flood' })
    expect(await statusOf({ authorIp: '198.51.100.99', authorEmail: 'someone@example.com', authorName: 'Someone' })).toBe('approved')
    f.time.advance(11)
    expect(await statusOf()).toBe('approved')
    expect(await statusOf({}, f.as.editor.actor)).toBe('approved')
    expect(await statusOf({}, f.as.editor.actor)).toBe('approved')
    await f.set({ comment_flood_seconds: 0 })
    expect(await statusOf()).toBe('approved')
  })

  test('per-address limit: past comment_rate_per_hour from one address, 429 until the hour has passed; 0 turns it off', async () => {
    await f.set({ comment_rate_per_hour: 3 })
    for (let i = 0; i < 3; i++) {
      await submit({ authorEmail: `r${i}@example.com`, authorName: `Reader ${i}` })
      f.time.advance(60)
    }
    await expect(submit({ authorEmail: 'r9@example.com', authorName: 'Reader 9' })).rejects.toMatchObject({ kind: 'too_many', code: 'comment_rate_limited', details: { retryAfter: 3600 - 180 } })
    expect(await statusOf({ authorIp: '198.51.100.8', authorEmail: 'x@example.com', authorName: 'X' })).toBe('approved')
    f.time.advance(3600 - 180)
    expect(await statusOf({ authorEmail: 'r9@example.com', authorName: 'Reader 9' })).toBe('approved')
    await f.set({ comment_rate_per_hour: 0 })
    for (let i = 0; i < 4; i++) expect(await statusOf({ authorEmail: `s${i}@example.com`, authorName: `S ${i}` })).toBe('approved')
  })

  test('per-post limit: past comment_post_rate_per_minute on one post, 429 for the rest of the minute; 0 turns it off', async () => {
    await f.set({ comment_post_rate_per_minute: 2 })
    const from = (i: number) => ({ authorIp: `198.51.100.${i}`, authorEmail: `p${i}@example.com`, authorName: `P ${i}` })
    await submit(from(1))
    await submit(from(2))
    await expect(submit(from(3))).rejects.toMatchObject({ kind: 'too_many', code: 'comment_post_busy' })
    const other = await f.site.services.posts.create({ title: 'Another story', status: 'publish' }, f.as.editor.actor)
    expect((await f.comments.submit(visitor(other.id, from(3)), reader)).status).toBe('approved')
    f.time.advance(61)
    expect(await statusOf(from(4))).toBe('approved')
    await f.set({ comment_post_rate_per_minute: 0 })
    for (let i = 5; i < 9; i++) expect(await statusOf(from(i))).toBe('approved')
  })

  test('honeypot: anything in the hidden field is spam; left empty, the comment passes', async () => {
    const token = await f.comments.formToken(f.postId)
    f.time.advance(30)
    expect(await submit({ form: { honeypot: 'http://bot.example', token } })).toMatchObject({ status: 'spam', moderation_reason: expect.stringContaining('hidden field') })
    expect(await statusOf({ form: { honeypot: '', token } })).toBe('approved')
  })

  test('minimum fill time: a form sent sooner than comment_min_fill_seconds is refused; later, or the rule off, taken', async () => {
    await f.set({ comment_min_fill_seconds: 3 })
    const token = await f.comments.formToken(f.postId)
    f.time.advance(1)
    await expect(submit({ form: { token } })).rejects.toMatchObject({ kind: 'invalid', code: 'comment_too_fast', details: { retryAfter: 2 } })
    expect(await stored()).toEqual([])
    f.time.advance(3)
    expect(await statusOf({ form: { token } })).toBe('approved')
    await f.set({ comment_min_fill_seconds: 0 })
    expect(await statusOf({ form: { token: await f.comments.formToken(f.postId) } })).toBe('approved')
  })

  test('the form’s timestamp is signed: one forged or for another post counts towards spam, a missing one a little', async () => {
    await f.set({ comment_min_fill_seconds: 3 })
    const token = await f.comments.formToken(f.postId)
    f.time.advance(60)
    const [ms, id, sig] = token.split('.')
    const forged = `${Number(ms) - 60_000}.${id}.${sig}`
    expect(await submit({ form: { token: forged } })).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('forged form timestamp') })
    const other = await f.site.services.posts.create({ title: 'Other', status: 'publish' }, f.as.editor.actor)
    expect((await f.comments.submit(visitor(other.id, { form: { token } }), reader)).status).toBe('pending')
    expect(await statusOf({ form: {} })).toBe('approved') // no JavaScript, no token: one point only
    expect(await statusOf({ form: {}, content: 'Two links: https://a.example https://b.example', authorIp: '198.51.100.77' }, reader)).toBe('pending')
  })

  test('spam signals add up: enough points hold a comment, more send it to spam, few let it through', async () => {
    await f.set({ comment_max_links: 0 })
    expect(await statusOf({ content: 'I disagree with the council on this one.' })).toBe('approved')
    expect(await statusOf({ content: 'THIS IS A DISGRACE AND EVERYONE KNOWS IT' })).toBe('approved') // shouting alone: 2 points
    expect(await submit({ content: 'THIS CASINO IS A DISGRACE AND EVERYONE KNOWS IT' })).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('Spam score 4') })
    expect(await submit({ content: 'Cheap viagra and cialis at our online casino: https://a.example https://b.example' })).toMatchObject({
      status: 'spam',
      moderation_reason: expect.stringContaining('spam words: viagra, cialis, online casino'),
    })
  })

  test('a pluggable check decides too: spam and hold verdicts, a score, and a failing check holds', async () => {
    const verdicts: Record<string, 'spam' | 'hold' | undefined> = { 'spam please': 'spam', 'hold please': 'hold' }
    const g = await submitFixture(dialect, {
      spamChecks: [
        {
          name: 'external',
          check: (c) => {
            if (c.text.includes('explode')) throw new Error('service unreachable')
            return { verdict: verdicts[c.text], score: c.text.includes('points') ? 7 : 0, reasons: ['said so'] }
          },
        },
      ],
    })
    try {
      const send = (content: string) => g.comments.submit(visitor(g.postId, { content }), reader)
      expect((await send('spam please')).status).toBe('spam')
      expect(await send('hold please')).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('Held by external (external: said so)') })
      expect((await send('many points')).status).toBe('spam')
      expect(await send('explode')).toMatchObject({ status: 'pending', moderation_reason: expect.stringContaining('service unreachable') })
      expect((await send('an ordinary remark')).status).toBe('approved')
      // the built-in signals are replaced, not added to
      expect((await send('viagra viagra cialis casino')).status).toBe('approved')
    } finally {
      await g.close()
    }
  })

  test('moderators and the post’s author skip the spam rules and holds', async () => {
    await f.set({ comment_moderation: true, disallowed_keys: 'forbidden', comment_previously_approved: true, comment_flood_seconds: 60 })
    expect(await statusOf({ content: 'A forbidden word' }, f.as.editor.actor)).toBe('approved')
    expect(await statusOf({ content: 'Another forbidden word' }, f.as.author.actor)).toBe('approved')
    expect(await statusOf({ content: 'A forbidden word from a reader', authorIp: '198.51.100.200' })).toBe('spam')
  })

  test('replies: to an approved comment they thread; to one still waiting they are refused (403)', async () => {
    const parent = await submit()
    expect((await submit({ parentId: parent.id })).parent_id).toBe(parent.id)
    await f.comments.unapprove(parent.id, f.as.editor.actor)
    await expect(submit({ parentId: parent.id })).rejects.toMatchObject({ kind: 'forbidden', code: 'comment_reply_to_unapproved_comment' })
    expect((await submit({ parentId: parent.id }, f.as.editor.actor)).parent_id).toBe(parent.id)
    await expect(submit({ parentId: 99_999 })).rejects.toMatchObject({ code: 'invalid_comment_parent', details: { field: 'comment_parent' } })
  })

  test('replies go at most thread_comments_depth deep: deeper ones join the deepest thread; threading off makes them flat', async () => {
    await f.set({ thread_comments_depth: 3 })
    const one = await submit()
    const two = await submit({ parentId: one.id })
    const three = await submit({ parentId: two.id })
    expect(three.parent_id).toBe(two.id)
    const four = await submit({ parentId: three.id })
    expect(four.parent_id).toBe(two.id) // a sibling of three, at depth 3
    const five = await submit({ parentId: four.id })
    expect(five.parent_id).toBe(two.id)
    await f.set({ thread_comments: false })
    expect((await submit({ parentId: two.id })).parent_id).toBeNull()
  })
})
