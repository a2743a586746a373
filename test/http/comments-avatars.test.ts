import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { avatarRoutes } from '../../src/site/comments/avatar.routes.js'
import { type CommentsApp, startCommentsApp } from '../comments/http-helpers.js'
import { DIALECTS } from '../helpers/databases.js'
import { httpRequest } from '../helpers/http-client.js'

const md5 = (s: string) => createHash('md5').update(s).digest('hex')
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

describe.each(DIALECTS)('avatars on %s', (dialect) => {
  let s: CommentsApp
  let post: { id: number; link: string; path: string }
  beforeAll(async () => {
    s = await startCommentsApp(dialect)
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0 })
  })
  afterAll(() => s.close())
  beforeEach(async () => {
    await s.set({ show_avatars: true, avatar_gravatar: false })
    post = await s.post()
  })

  const comment = (email: string, name = 'Ann Avatar') =>
    s.services.comments.submit({ postId: post.id, authorName: name, authorEmail: email, content: `Hello from ${email}` }, anonymousActor)
  const avatarsIn = async () => [...(await (await fetch(s.url + post.path)).text()).matchAll(/<img class="avatar" src="([^"]+)"/g)].map((m) => m[1]!)

  test('each commenter gets a local identicon from a salted hash: never the email’s MD5 or SHA-256', async () => {
    const a = await comment('Ann@Example.com')
    const b = await comment('bob@example.com', 'Bob')
    await comment('ann@example.com') // the same person, other case: the same avatar
    const urls = await avatarsIn()
    expect(urls).toHaveLength(3)
    expect(urls[0]).toBe(`${s.url}/avatar/${a.avatar_hash}.svg`)
    expect(urls[2]).toBe(urls[0])
    expect(urls[1]).not.toBe(urls[0])
    for (const email of ['ann@example.com', 'Ann@Example.com', 'bob@example.com']) {
      for (const url of urls) {
        expect(url).not.toContain(md5(email))
        expect(url).not.toContain(sha256(email))
      }
    }
    const svg = await fetch(urls[0]!)
    expect(svg.status).toBe(200)
    expect(svg.headers.get('content-type')).toBe('image/svg+xml')
    expect(svg.headers.get('content-security-policy')).toBe("default-src 'none'; style-src 'unsafe-inline'")
    expect(svg.headers.get('cache-control')).toBe('public, max-age=86400')
    const body = await svg.text()
    expect(body).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 7 7"/)
    expect(body).not.toMatch(/<script|on\w+=|href/i)
    expect(await (await fetch(urls[0]!)).text()).toBe(body) // drawn the same every time
    expect(await (await fetch(urls[1]!)).text()).not.toBe(body)
    expect(b.avatar_hash).toMatch(/^[0-9a-f]{32}$/)
  })

  test('a comment without an email gets the plain silhouette; a bad name is a 404', async () => {
    const row = await s.services.comments.create({ postId: post.id, content: 'Imported, no email', status: 'approved', authorName: 'Old Timer' }, systemActor)
    await s.services.handle.db.updateTable('comments').set({ avatar_hash: '' }).where('id', '=', row.id).execute()
    expect(await avatarsIn()).toEqual([`${s.url}/avatar/default.svg`])
    const res = await fetch(`${s.url}/avatar/default.svg`)
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<circle')
    for (const bad of ['nothex.svg', `${md5('x')}.png`, '../etc/passwd', `${'a'.repeat(31)}.svg`]) expect((await fetch(`${s.url}/avatar/${bad}`)).status, bad).toBe(404)
    // the REST API's avatar_urls: no extension, a size
    expect((await fetch(`${s.url}/avatar/${'a'.repeat(32)}?s=96`)).headers.get('content-type')).toBe('image/svg+xml')
  })

  test('show_avatars off: no avatars on the page', async () => {
    await comment('carol@example.com', 'Carol')
    expect(await avatarsIn()).toHaveLength(1)
    await s.set({ show_avatars: false })
    expect(await avatarsIn()).toEqual([])
  })
})

describe('Gravatar, when an administrator turns it on', () => {
  let s: CommentsApp
  let gravatar: Server
  let app: FastifyInstance
  let appUrl: string
  const asked: string[] = []
  beforeAll(async () => {
    s = await startCommentsApp('sqlite')
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0 })
    gravatar = createServer((req, res) => {
      asked.push(req.url!)
      const known = req.url!.startsWith(`/avatar/${sha256('has.photo@example.com')}?`)
      res.writeHead(known ? 200 : 404, { 'content-type': known ? 'image/png' : 'text/plain' }).end(known ? PNG : 'no')
    })
    await new Promise<void>((resolve) => gravatar.listen(0, '127.0.0.1', resolve))
    app = Fastify({ logger: false })
    await app.register(avatarRoutes, { services: s.services, gravatarBase: `http://127.0.0.1:${(gravatar.address() as AddressInfo).port}/avatar/` })
    appUrl = await app.listen({ host: '127.0.0.1', port: 0 })
  })
  afterAll(async () => {
    await app.close()
    await new Promise((resolve) => gravatar.close(resolve))
    await s.close()
  })

  test('the site fetches the photo itself (readers never see the email’s hash); none found, the identicon', async () => {
    const post = await s.post()
    const add = (email: string) => s.services.comments.submit({ postId: post.id, authorName: 'G', authorEmail: email, content: `By ${email}` }, anonymousActor)
    const withPhoto = await add('has.photo@example.com')
    const without = await add('no.photo@example.com')
    const get = (hash: string) => httpRequest(appUrl, `/avatar/${hash}.svg`)
    // off: nobody is asked
    expect((await get(withPhoto.avatar_hash)).headers['content-type']).toBe('image/svg+xml')
    expect(asked).toEqual([])
    await s.set({ avatar_gravatar: true })
    const photo = await get(withPhoto.avatar_hash)
    expect(photo.headers['content-type']).toBe('image/png')
    expect(photo.rawPayload.equals(PNG)).toBe(true)
    expect(asked).toEqual([`/avatar/${sha256('has.photo@example.com')}?s=128&d=404&r=g`])
    expect((await get(without.avatar_hash)).headers['content-type']).toBe('image/svg+xml')
    // kept for a while: asked once each
    await get(withPhoto.avatar_hash)
    expect(asked).toHaveLength(2)
    // the page still links the local address only
    const html = await (await fetch(s.url + post.path)).text()
    expect(html).toContain(`/avatar/${withPhoto.avatar_hash}.svg`)
    expect(html).not.toContain(sha256('has.photo@example.com'))
    expect(html).not.toContain('gravatar')
  })
})
