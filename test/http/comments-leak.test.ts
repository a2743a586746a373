import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type CommentsApp, postComment, readerForm, send, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'

const md5 = (s: string) => createHash('md5').update(s).digest('hex')
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

describe.each(DIALECTS)('a commenter’s email and address are never published, on %s', (dialect) => {
  let s: CommentsApp
  const email = `leak-${randomBytes(5).toString('hex')}@example.net`
  const ip = '127.0.0.77'
  let post: { id: number; link: string; path: string }
  let commentId = 0

  beforeAll(async () => {
    s = await startCommentsApp(dialect, { cache: true })
    await s.set({ comment_previously_approved: false, comment_moderation: true })
    post = await s.post('A story readers discuss')
    const res = await postComment(s.url, readerForm(post.id, { email, author: 'Lena Leak', url: 'https://lena.example', comment: 'My words are public, my address is not.' }), {}, ip)
    expect(res.status).toBe(303)
    commentId = Number(/unapproved=(\d+)/.exec(res.headers.get('location')!)![1])
    await s.services.comments.approve(commentId, s.users.editor.actor)
    // a reply, so the thread and the comment feeds have more than one entry
    await s.services.comments.reply(commentId, 'Thanks, Lena.', s.users.editor.actor)
  })
  afterAll(() => s.close())

  /** Everything that must not appear, in any case: the email, the address, and their plain hashes. */
  const secrets = () => {
    const lower = email.toLowerCase()
    return [lower, ip, md5(lower), sha256(lower), md5(email), sha256(email), md5(ip), sha256(ip), encodeURIComponent(lower)]
  }
  const expectClean = (what: string, body: string) => {
    const text = body.toLowerCase()
    for (const secret of secrets()) expect(text.includes(secret.toLowerCase()), `${what} contains ${secret}`).toBe(false)
  }

  test('the post page, served and then from the page cache', async () => {
    const first = await send(s.url + post.path, {})
    const second = await send(s.url + post.path, {})
    expect(first.status).toBe(200)
    const html = await first.text()
    expect(html).toContain('My words are public, my address is not.')
    expect(html).toContain('Lena Leak')
    expect(second.headers.get('x-cache')).toBe('HIT')
    expectClean('post page', html)
    expectClean('cached post page', await second.text())
    for (const [name, value] of second.headers) expectClean(`header ${name}`, value)
  })

  test('the home page, the replying view, and the avatar', async () => {
    expectClean('home', await (await fetch(`${s.url}/`)).text())
    expectClean('reply view', await (await fetch(`${s.url}${post.path}?replytocom=${commentId}`)).text())
    const avatar = /<img class="avatar" src="([^"]+)"/.exec(await (await fetch(s.url + post.path)).text())![1]!
    expectClean('avatar url', avatar)
    expectClean('avatar', await (await fetch(avatar)).text())
  })

  test('every feed that exists: posts, comments, the post’s own comments', async () => {
    const own = [`${post.path}feed/`, `${post.path}feed/atom/`, `${post.path}feed/json/`]
    const paths = ['/feed/', '/feed/atom/', '/feed/json/', '/feed/rss2/', '/comments/feed/', '/comments/feed/atom/', '/comments/feed/json/', '/author/author/feed/', ...own]
    for (const path of paths) {
      const res = await fetch(s.url + path)
      expect(res.status, path).toBe(200)
      const body = await res.text()
      if (path.startsWith('/comments/') || own.includes(path)) expect(body, path).toContain('Lena Leak')
      expectClean(path, body)
    }
  })

  test('the sitemap and what it links to', async () => {
    const index = await fetch(`${s.url}/sitemap.xml`)
    expect(index.status).toBe(200)
    const body = await index.text()
    expectClean('sitemap.xml', body)
    const files = [...body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]!).filter((loc) => loc.endsWith('.xml'))
    expect(files.length).toBeGreaterThan(0)
    for (const loc of files) {
      const file = await fetch(loc.replace(/^https?:\/\/[^/]+/, s.url))
      expect(file.status, loc).toBe(200)
      expectClean(loc, await file.text())
    }
  })

  test('the public REST API, where it answers', async () => {
    for (const path of ['/wp-json/wp/v2/comments', `/wp-json/wp/v2/comments/${commentId}`, `/wp-json/wp/v2/comments?post=${post.id}`, `/wp-json/wp/v2/posts/${post.id}?_embed=1`]) {
      const res = await fetch(s.url + path)
      expect(res.status, path).toBe(200)
      const body = await res.text()
      expect(body, path).toContain('Lena Leak')
      expectClean(path, body)
    }
  })

  test('error pages: a refused comment does not echo the address back', async () => {
    const dupe = await postComment(s.url, readerForm(post.id, { email, author: 'Lena Leak', url: 'https://lena.example', comment: 'My words are public, my address is not.' }), {}, ip)
    expect(dupe.status).toBe(409)
    expectClean('409 page', await dupe.text())
    const bad = await postComment(s.url, readerForm(post.id, { email: `${email}@@`, comment: 'x' }), { accept: 'application/json' }, ip)
    expect(bad.status).toBe(400)
    expectClean('400 json', await bad.text())
  })

  test('moderators still see them', async () => {
    const row = await s.services.comments.get(commentId, systemActor)
    expect(row).toMatchObject({ author_email: email, author_ip: ip })
  })
})
