import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { DUPLICATE_MESSAGE } from '../../src/comments/index.js'
import { systemActor } from '../../src/users/index.js'
import { type CommentsApp, postComment, readerForm, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'

describe.each(DIALECTS)('posting comments over HTTP on %s', (dialect) => {
  let s: CommentsApp
  let post: { id: number; link: string; path: string }
  let ip = 0
  beforeAll(async () => {
    s = await startCommentsApp(dialect)
  })
  afterAll(() => s.close())
  beforeEach(async () => {
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0, comment_min_fill_seconds: 0, comment_moderation: false, thread_comments_depth: 5, show_avatars: true })
    post = await s.post(`Story ${++ip}`)
  })

  // Each test speaks from an address of its own, so the flood and per-address limits never carry over.
  const send = (fields: Record<string, string>, headers: Record<string, string> = {}) => postComment(s.url, fields, headers, `127.0.0.${ip + 10}`)
  const page = async (path = post.path) => (await fetch(s.url + path)).text()
  const idFrom = (res: Response) => Number(/#comment-(\d+)$/.exec(res.headers.get('location') ?? '')?.[1])

  test('a visitor’s comment: 303 back to the post at the comment, which the page then shows', async () => {
    const res = await send(readerForm(post.id, { comment: 'The bridge is overdue.\n\nAnd over budget.', url: 'https://rita.example' }))
    expect(res.status).toBe(303)
    const id = idFrom(res)
    expect(res.headers.get('location')).toBe(`${post.link}#comment-${id}`)
    const html = await page()
    expect(html).toContain(`<li class="comment depth-1" id="comment-${id}">`)
    expect(html).toContain('<p>The bridge is overdue.</p>\n<p>And over budget.</p>')
    expect(html).toContain('<a href="https://rita.example" rel="external nofollow ugc">Rita Reader</a>')
    expect(html).toMatch(/<img class="avatar" src="http:\/\/127\.0\.0\.1:\d+\/avatar\/[0-9a-f]{32}\.svg" alt="" width="40" height="40"/)
    expect(html).not.toContain('rita@example.com')
  })

  test('the consent box: ticked, name, email and website are remembered in a cookie; unticked, forgotten', async () => {
    const ticked = await send(readerForm(post.id, { url: 'https://rita.example', 'wp-comment-cookies-consent': 'yes' }))
    const cookie = ticked.headers.getSetCookie().find((c) => c.startsWith('pressroom_commenter='))!
    expect(cookie).toMatch(/Max-Age=31536000/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/HttpOnly/)
    expect(JSON.parse(decodeURIComponent(cookie.split(';')[0]!.split('=')[1]!))).toEqual({ name: 'Rita Reader', email: 'rita@example.com', url: 'https://rita.example' })
    const unticked = await send(readerForm(post.id))
    expect(unticked.headers.getSetCookie().find((c) => c.startsWith('pressroom_commenter='))).toMatch(/^pressroom_commenter=;.*Expires=Thu, 01 Jan 1970/)
    // the page, the same for everyone, never carries it
    expect(await page()).not.toContain('rita@example.com')
  })

  test('a signed-in user comments as themselves, whatever the form says', async () => {
    const res = await send(readerForm(post.id, { author: 'Impostor', email: 'impostor@example.com' }), { cookie: await s.sessionOf('subscriber') })
    expect(res.status).toBe(303)
    const comment = await s.services.comments.get(idFrom(res), systemActor)
    expect(comment).toMatchObject({ user_id: s.users.subscriber.id, author_name: 'The subscriber', author_email: 'subscriber@example.com', status: 'approved' })
    expect(res.headers.getSetCookie().some((c) => c.startsWith('pressroom_commenter='))).toBe(false)
  })

  test('replies thread to the depth limit; a reply beyond it joins the deepest level', async () => {
    await s.set({ thread_comments_depth: 3 })
    const ids: number[] = []
    let parent = 0
    for (let i = 0; i < 4; i++) {
      const res = await send(readerForm(post.id, { comment: `Level ${i + 1} reply`, comment_parent: String(parent) }))
      expect(res.status).toBe(303)
      ids.push(idFrom(res))
      parent = ids.at(-1)!
    }
    const html = await page()
    const at = (id: number) => html.indexOf(`id="comment-${id}"`)
    expect(html).toContain(`<li class="comment depth-1" id="comment-${ids[0]}">`)
    expect(html).toContain(`<li class="comment depth-2" id="comment-${ids[1]}">`)
    expect(html).toContain(`<li class="comment depth-3" id="comment-${ids[2]}">`)
    expect(html).toContain(`<li class="comment depth-3" id="comment-${ids[3]}">`)
    expect(at(ids[0]!)).toBeLessThan(at(ids[1]!))
    expect(at(ids[2]!)).toBeLessThan(at(ids[3]!))
    // no Reply link at the deepest level; one (working without JavaScript) above it
    expect(html).toContain(`href="?replytocom=${ids[1]}#respond" data-comment-id="${ids[1]}"`)
    expect(html).not.toContain(`data-comment-id="${ids[2]}"`)
    const replying = await page(`${post.path}?replytocom=${ids[1]}`)
    expect(replying).toContain(`<input type="hidden" name="comment_parent" id="comment_parent" value="${ids[1]}">`)
    expect(replying).toContain('id="cancel-comment-reply-link"')
  })

  test('the post page shows the approved thread in order, without held or spam comments', async () => {
    await s.set({ disallowed_keys: 'buy now' })
    const first = idFrom(await send(readerForm(post.id, { comment: 'First!' })))
    await send(readerForm(post.id, { comment: 'Buy now at my shop' }))
    const second = idFrom(await send(readerForm(post.id, { comment: 'Second thoughts' })))
    const reply = idFrom(await send(readerForm(post.id, { comment: 'Reply to the first', comment_parent: String(first) })))
    await s.set({ comment_moderation: true })
    await send(readerForm(post.id, { comment: 'Waiting in the queue' }))
    const html = await page()
    const order = [...html.matchAll(/id="comment-(\d+)"/g)].map((m) => Number(m[1]))
    expect(order).toEqual([first, reply, second])
    expect(html).not.toContain('Buy now')
    expect(html).not.toContain('Waiting in the queue')
    expect(html).toContain('3 comments')
  })

  test('closed comments: 403 and nothing stored', async () => {
    await s.services.posts.update(post.id, { commentStatus: 'closed' }, systemActor)
    const res = await send(readerForm(post.id))
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('Sorry, comments are closed for this item.')
    expect(await page()).toContain('Comments are closed.')
    expect((await s.services.comments.counts({ postId: post.id })).total).toBe(0)
  })

  test('missing fields: 400 naming the field', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ comment_post_ID: '' }, 'comment_post_ID'],
      [{ comment: '' }, 'comment'],
      [{ author: '' }, 'author'],
      [{ email: '' }, 'email'],
      [{ email: 'not-an-email' }, 'email'],
    ]
    for (const [change, field] of cases) {
      const res = await send(readerForm(post.id, change))
      expect(res.status, field).toBe(400)
      expect(res.headers.get('content-type')).toContain('text/html')
      expect(await res.text(), field).toContain(`"${field}"`)
    }
    const noComment = readerForm(post.id)
    delete (noComment as Partial<Record<string, string>>).comment
    const res = await send(noComment, { accept: 'application/json' })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ code: 'missing_field', data: { status: 400, field: 'comment' } })
    expect((await s.services.comments.counts({ postId: post.id })).total).toBe(0)
  })

  test('an oversize comment: 413, whether over 64 KB (65,525 bytes, however few characters) or over the body limit', async () => {
    const over = await send(readerForm(post.id, { comment: 'x'.repeat(65_526) }))
    expect(over.status).toBe(413)
    expect(await over.text()).toContain('Your comment is too long')
    // over 64 KB in bytes, though fewer characters than the limit (as WordPress counts)
    const wide = await send(readerForm(post.id, { comment: '€'.repeat(30_000) }), { accept: 'application/json' })
    expect(wide.status).toBe(413)
    expect(await wide.json()).toMatchObject({ code: 'comment_too_long', data: { status: 413, field: 'comment' } })
    const huge = await send(readerForm(post.id, { comment: 'y'.repeat(1_100_000) }))
    expect(huge.status).toBe(413)
    const fits = await send(readerForm(post.id, { comment: 'z '.repeat(30_000) }))
    expect(fits.status).toBe(303)
    expect((await s.services.comments.counts({ postId: post.id })).total).toBe(1)
  })

  test('a duplicate: 409 with WordPress’s message', async () => {
    const form = readerForm(post.id, { comment: 'I said this once.' })
    expect((await send(form)).status).toBe(303)
    const again = await send(form)
    expect(again.status).toBe(409)
    const html = await again.text()
    expect(html).toContain(DUPLICATE_MESSAGE)
    expect(html).toContain('<title>Comment Submission Failure</title>')
    expect(html).toContain(`<a href="${post.link}#respond">Back to the article</a>`)
    const json = await send(form, { accept: 'application/json' })
    expect(await json.json()).toEqual({ code: 'comment_duplicate', message: "Duplicate comment detected; it looks as though you've already said that!", data: { status: 409, existing: expect.any(Number) } })
  })

  test('flooding: 429 with Retry-After', async () => {
    await s.set({ comment_flood_seconds: 15 })
    const who = { email: 'fast.typist@example.com', author: 'Fast Typist' }
    expect((await send(readerForm(post.id, who))).status).toBe(303)
    const res = await send(readerForm(post.id, who))
    expect(res.status).toBe(429)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(14)
    expect(await res.text()).toContain('You are posting comments too quickly. Slow down.')
  })

  test('a held comment lands on ?unapproved=ID&moderation-hash=…, shown to its writer only, never cached', async () => {
    await s.set({ comment_moderation: true })
    const res = await send(readerForm(post.id, { comment: 'Please check my numbers' }))
    expect(res.status).toBe(303)
    const location = res.headers.get('location')!
    const id = idFrom(res)
    expect(location).toMatch(new RegExp(`^${post.link.replace(/[.?]/g, '\\$&')}\\?unapproved=${id}&moderation-hash=[0-9a-f]{32}#comment-${id}$`))
    const held = await fetch(location.replace(/#.*/, ''))
    expect(held.status).toBe(200)
    expect(held.headers.get('cache-control')).toBe('private, no-store')
    const html = await held.text()
    expect(html).toContain('Your comment is awaiting moderation.')
    expect(html).toContain(`id="comment-${id}"`)
    expect(html).toContain('Please check my numbers')
    expect(html.indexOf('Please check my numbers')).toBeLessThan(html.indexOf('id="respond"'))
    // everybody else, and a wrong hash, get the page without it
    expect(await page()).not.toContain('Please check my numbers')
    const wrong = location.replace(/moderation-hash=([0-9a-f])/, (_, c: string) => `moderation-hash=${c === 'a' ? 'b' : 'a'}`).replace(/#.*/, '')
    expect(await (await fetch(wrong)).text()).not.toContain('Please check my numbers')
    // once approved, it is in the thread for all
    await s.services.comments.approve(id, systemActor)
    expect(await page()).toContain('Please check my numbers')
  })

  test('the form works for the script: a fresh signed timestamp, and who is signed in', async () => {
    const anonymous = await fetch(`${s.url}/wp-comments-post.php?form=${post.id}`)
    expect(anonymous.headers.get('cache-control')).toBe('private, no-store')
    const data = (await anonymous.json()) as { token: string; user: unknown }
    expect(data.token).toMatch(new RegExp(`^\\d+\\.${post.id}\\.[0-9a-f]{32}$`))
    expect(data.user).toBeNull()
    const signedIn = await fetch(`${s.url}/wp-comments-post.php?form=${post.id}`, { headers: { cookie: await s.sessionOf('editor') } })
    expect(((await signedIn.json()) as { user: unknown }).user).toEqual({ name: 'The editor' })
    const get = await fetch(`${s.url}/wp-comments-post.php`)
    expect(get.status).toBe(405)
    expect(get.headers.get('allow')).toBe('POST')
    // the token is checked: too soon is refused
    await s.set({ comment_min_fill_seconds: 30 })
    const tooSoon = await send(readerForm(post.id, { pressroom_form_ts: data.token }))
    expect(tooSoon.status).toBe(400)
    expect(await tooSoon.text()).toContain('wait a few seconds')
  })

  test('the honeypot: a robot filling the hidden field is sent to spam, quietly', async () => {
    const res = await send(readerForm(post.id, { pressroom_hp: 'http://bot.example', comment: 'Great post' }))
    expect(res.status).toBe(303)
    const comment = await s.services.comments.get(idFrom(res), systemActor)
    expect(comment.status).toBe('spam')
    expect(res.headers.get('location')).toContain('unapproved=')
  })

  test('the page’s form carries WordPress’s field names and ids, the honeypot and the script', async () => {
    const html = await page()
    for (const fragment of [
      'action="' + s.url + '/wp-comments-post.php"', 'id="commentform"', 'name="comment"', 'name="author"', 'name="email"', 'name="url"',
      `name="comment_post_ID" value="${post.id}" id="comment_post_ID"`, 'name="comment_parent" id="comment_parent" value="0"',
      'id="wp-comment-cookies-consent" name="wp-comment-cookies-consent" type="checkbox" value="yes"',
      'Your email address will not be published.', '<p class="comment-form-hp" hidden>', 'name="pressroom_hp"', 'name="pressroom_form_ts"',
    ]) expect(html, fragment).toContain(fragment)
    const script = /<script src="(\/assets\/default\/js\/comments\.[0-9a-f]+\.js)" defer><\/script>/.exec(html)?.[1]
    expect(script).toBeDefined()
    const js = await fetch(s.url + script)
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('javascript')
  })
})
