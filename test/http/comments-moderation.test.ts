import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type CommentsApp, postComment, readerForm, send, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'
import { recipients, startSmtp } from '../helpers/smtp.js'

describe.each(DIALECTS)('comment notifications and moderation links on %s', (dialect) => {
  let s: CommentsApp
  let smtp: Awaited<ReturnType<typeof startSmtp>>
  let post: { id: number; link: string; path: string }
  let n = 0
  beforeAll(async () => {
    smtp = await startSmtp()
    s = await startCommentsApp(dialect)
  })
  afterAll(async () => {
    await s.close()
    await smtp.close()
  })
  beforeEach(async () => {
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0, comment_moderation: false, admin_email: 'desk@example.com', mail_smtp_url: smtp.url, comments_notify: true, moderation_notify: true })
    post = await s.post(`Notified story ${++n}`)
  })
  const sendForm = (fields: Record<string, string>, headers: Record<string, string> = {}) => postComment(s.url, fields, headers, `127.0.1.${n}`)
  const idFrom = (res: Response) => Number(/#comment-(\d+)$/.exec(res.headers.get('location') ?? '')?.[1])

  test('a held comment: its moderators get a mail with approve, spam and trash links (and the commenter’s details)', async () => {
    await s.set({ comment_moderation: true })
    const before = smtp.received.length
    const res = await sendForm(readerForm(post.id, { comment: 'Is the budget figure right?', email: 'careful.reader@example.com', author: 'Careful Reader' }))
    const id = idFrom(res)
    const [mail, ...more] = (await smtp.until(before + 1)).slice(before)
    expect(more).toEqual([])
    expect(recipients(mail!)).toEqual(['author@example.com', 'desk@example.com'])
    expect(mail!.subject).toBe(`[Pressroom] Please moderate: "Notified story ${n}"`)
    expect(mail!.from?.text).toBe('"Pressroom" <pressroom@127.0.0.1>')
    const text = mail!.text!
    expect(text).toContain('is waiting for your approval')
    expect(text).toContain('Author: Careful Reader (IP address: 127.0.1.')
    expect(text).toContain('Email: careful.reader@example.com')
    expect(text).toContain('Is the budget figure right?')
    expect(text).toContain('Why it waits: Every comment waits for approval.')
    for (const action of ['approve', 'trash', 'spam']) expect(text).toContain(`${s.url}/wp-admin/comment.php?action=${action}&c=${id}`)
  })

  test('a new approved comment: the post’s author is told, nobody else; not of their own comment', async () => {
    const before = smtp.received.length
    const id = idFrom(await sendForm(readerForm(post.id, { comment: 'Good reporting.' })))
    await sendForm(readerForm(post.id, { comment: 'Thanks, all.' }), { cookie: await s.sessionOf('author') })
    const mails = (await smtp.until(before + 1)).slice(before)
    expect(mails).toHaveLength(1)
    expect(recipients(mails[0]!)).toEqual(['author@example.com'])
    expect(mails[0]!.subject).toBe(`[Pressroom] Comment: "Notified story ${n}"`)
    expect(mails[0]!.text).toContain('Good reporting.')
    expect(mails[0]!.text).toContain(`${post.link}#comments`)
    // already approved: the links left are spam and trash, behind the same signed-in confirmation
    for (const action of ['trash', 'spam']) expect(mails[0]!.text).toContain(`${s.url}/wp-admin/comment.php?action=${action}&c=${id}`)
    expect(mails[0]!.text).not.toContain('action=approve')
  })

  test('a held comment approved later: the post’s author hears of it then', async () => {
    await s.set({ comment_moderation: true, moderation_notify: false })
    const before = smtp.received.length
    const id = idFrom(await sendForm(readerForm(post.id, { comment: 'Held, then approved' })))
    await s.services.comments.approve(id, s.users.editor.actor)
    const mails = (await smtp.until(before + 1)).slice(before)
    expect(mails.map((m) => [recipients(m), m.subject])).toEqual([[['author@example.com'], `[Pressroom] Comment: "Notified story ${n}"`]])
  })

  test('no SMTP server named, or the notices turned off: no mail', async () => {
    const before = smtp.received.length
    await s.set({ mail_smtp_url: '' })
    await sendForm(readerForm(post.id, { comment: 'Nobody hears this one' }))
    await s.set({ mail_smtp_url: smtp.url, comments_notify: false })
    await sendForm(readerForm(post.id, { comment: 'Nor this one' }))
    await s.set({ comments_notify: true })
    await sendForm(readerForm(post.id, { comment: 'This one is heard' }))
    const mails = (await smtp.until(before + 1)).slice(before)
    expect(mails.map((m) => m.text?.includes('This one is heard'))).toEqual([true])
  })

  test('the links need a signed-in moderator, and a confirming form post with its CSRF token', async () => {
    await s.set({ comment_moderation: true, moderation_notify: false })
    const id = idFrom(await sendForm(readerForm(post.id, { comment: 'Approve me by mail' })))
    const link = `${s.url}/wp-admin/comment.php?action=approve&c=${id}`
    const anonymous = await fetch(link)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.text()).toContain('Sign in as a moderator')
    const subscriber = await fetch(link, { headers: { cookie: await s.sessionOf('subscriber') } })
    expect(subscriber.status).toBe(403)
    const otherPost = await s.services.posts.create({ title: 'The editor’s own', status: 'publish' }, s.users.editor.actor)
    const elsewhere = await s.services.comments.submit({ postId: otherPost.id, authorName: 'X', authorEmail: 'x@example.com', content: 'On the editor’s post' }, systemActor)
    const authorElsewhere = await fetch(`${s.url}/wp-admin/comment.php?action=approve&c=${elsewhere.id}`, { headers: { cookie: await s.sessionOf('author') } })
    expect(authorElsewhere.status).toBe(403)

    const editor = await s.sessionOf('editor')
    const confirm = await fetch(link, { headers: { cookie: editor } })
    expect(confirm.status).toBe(200)
    expect(confirm.headers.get('cache-control')).toBe('no-store')
    expect(confirm.headers.get('x-frame-options')).toBe('DENY')
    const html = await confirm.text()
    expect(html).toContain('Approve this comment?')
    expect(html).toContain('Approve me by mail')
    // a GET changes nothing
    expect((await s.services.comments.get(id, systemActor)).status).toBe('pending')
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!
    const csrfCookie = confirm.headers.getSetCookie().map((c) => c.split(';')[0]!).join('; ')
    const forged = await send(`${s.url}/wp-admin/comment.php`, { method: 'POST', headers: { cookie: editor, 'content-type': 'application/x-www-form-urlencoded' }, body: `action=approve&c=${id}&_csrf=${csrf}` })
    expect(forged.status).toBe(403)
    expect((await s.services.comments.get(id, systemActor)).status).toBe('pending')
    const done = await send(`${s.url}/wp-admin/comment.php`, {
      method: 'POST',
      headers: { cookie: `${editor}; ${csrfCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ action: 'approve', c: String(id), _csrf: csrf }).toString(),
    })
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Comment approved')
    expect((await s.services.comments.get(id, systemActor)).status).toBe('approved')
    // the post's own author may use the links for comments on their post
    const spamLink = await fetch(`${s.url}/wp-admin/comment.php?action=spam&c=${id}`, { headers: { cookie: await s.sessionOf('author') } })
    expect(spamLink.status).toBe(200)
    expect((await fetch(`${s.url}/wp-admin/comment.php?action=explode&c=${id}`, { headers: { cookie: editor } })).status).toBe(400)
    expect((await fetch(`${s.url}/wp-admin/comment.php?action=approve&c=999999`, { headers: { cookie: editor } })).status).toBe(404)
  })
})
