import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import cookie from '@fastify/cookie'
import Fastify, { type FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { registerActor } from '../../src/http/actor.js'
import { createRenderer } from '../../src/site/render.js'
import { siteRoutes } from '../../src/site/site.routes.js'
import { createViews } from '../../src/site/views.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

/** Every template of the test themes prints its own name, the page's context and what it was given. */
const probe = (name: string) =>
  `<p id="template">${name}</p><p id="context">{{context}}</p>` +
  '{{#if post}}<h1>{{post.title}}</h1>{{/if}}{{#if archive}}<h1>{{archive.title}}</h1>{{/if}}' +
  '{{#foreach posts}}<i>{{title}}</i>{{/foreach}}{{#if error}}<b>{{error.status}}</b>{{/if}}{{#if search}}<s>{{search.query}}</s>{{/if}}'

function writeTheme(root: string, name: string, templates: string[]): void {
  mkdirSync(path.join(root, name), { recursive: true })
  for (const template of templates) writeFileSync(path.join(root, name, `${template}.hbs`), probe(template))
}

// The template hierarchy on a running site: each kind of page asks for the WordPress template names from the most
// specific to `index`, and gets the right data whichever one the theme has.
describe.each(DIALECTS)('the template hierarchy on %s', (dialect) => {
  let site: TestSite
  let app: FastifyInstance
  let themes: string
  const paths: Record<string, string> = {}
  const ids: Record<string, number> = {}

  beforeAll(async () => {
    site = await openTestSite(dialect)
    const { posts, terms, users, settings, permalinks } = site.services
    await settings.set('posts_per_page', 2, systemActor)
    const ann = await users.create({ email: 'ann@news.example', login: 'ann', displayName: 'Ann', role: 'author', password: null }, systemActor)
    const bob = await users.create({ email: 'bob@news.example', login: 'bob', displayName: 'Bob', role: 'author', password: null }, systemActor)
    const world = await terms.create('category', { name: 'World' }, systemActor)
    await terms.create('category', { name: 'Europe', parentId: world.id }, systemActor)
    const climate = await terms.create('post_tag', { name: 'Climate' }, systemActor)
    const special = await posts.create({ title: 'Special report', slug: 'special', status: 'publish', authorId: ann.id, categories: ['Europe'], tags: ['Climate'], publishedAt: new Date(Date.UTC(2024, 2, 1)) }, systemActor)
    const plain = await posts.create({ title: 'Plain story', status: 'publish', authorId: bob.id, categories: ['World'], tags: ['Energy'], publishedAt: new Date(Date.UTC(2024, 2, 2)) }, systemActor)
    await posts.create({ title: 'Third story', status: 'publish', authorId: bob.id, categories: ['World'], publishedAt: new Date(Date.UTC(2024, 2, 3)) }, systemActor)
    const about = await posts.create({ type: 'page', title: 'About', slug: 'about', status: 'publish' }, systemActor)
    const contact = await posts.create({ type: 'page', title: 'Contact', slug: 'contact', status: 'publish' }, systemActor)
    const team = await posts.create({ type: 'page', title: 'Team', slug: 'team', status: 'publish' }, systemActor)
    Object.assign(ids, { ann: ann.id, climate: climate.id, contact: contact.id })
    for (const [name, post] of Object.entries({ special, plain, about, contact, team })) paths[name] = new URL(await permalinks.linkFor(post)).pathname
    await site.services.search.idle()

    themes = mkdtempSync(path.join(tmpdir(), 'pressroom-hierarchy-'))
    writeTheme(themes, 'default', ['index'])
    writeTheme(themes, 'every', [
      'index', 'front-page', 'home', 'single-post-special', 'single-post', 'single', 'singular', 'page-about', `page-${contact.id}`, 'page',
      'category-europe', 'category', `tag-${climate.id}`, 'tag', 'author-ann', 'author', 'date', 'archive', 'search', '404', 'error-404', 'error',
    ])
    writeTheme(themes, 'general', ['index', 'single', 'singular', 'archive', 'error-4xx'])
    writeTheme(themes, 'bare', ['index'])

    const views = createViews(site.services)
    app = Fastify({ logger: false })
    await app.register(cookie)
    registerActor(app, site.services)
    await app.register(siteRoutes, { services: site.services, views, renderer: createRenderer(site.services, views, themes) })
    await app.ready()
  })
  afterAll(async () => {
    await app?.close()
    await site?.close()
    if (themes) rmSync(themes, { recursive: true, force: true })
  })

  async function render(theme: string, url: string) {
    await site.services.settings.set('theme', theme, systemActor)
    const res = await app.inject(url)
    const template = /<p id="template">([^<]+)<\/p>/.exec(res.body)?.[1]
    const context = /<p id="context">([^<]*)<\/p>/.exec(res.body)?.[1]
    return { status: res.statusCode, template, context, body: res.body }
  }

  // page → [expected template in `every`, in `general`, in `bare`], the page's context and what it must show.
  const cases = (): [string, string, [string, string, string], string, string][] => [
    ['front page', '/', ['front-page', 'index', 'index'], 'home', '<i>Third story</i>'],
    ['home, page 2', '/page/2/', ['home', 'index', 'index'], 'home,paged', '<i>Special report</i>'],
    ['a post with its own template', paths.special!, ['single-post-special', 'single', 'index'], 'post', '<h1>Special report</h1>'],
    ['a post', paths.plain!, ['single-post', 'single', 'index'], 'post', '<h1>Plain story</h1>'],
    ['a page by slug', paths.about!, ['page-about', 'singular', 'index'], 'page', '<h1>About</h1>'],
    ['a page by id', paths.contact!, [`page-${ids.contact}`, 'singular', 'index'], 'page', '<h1>Contact</h1>'],
    ['a page', paths.team!, ['page', 'singular', 'index'], 'page', '<h1>Team</h1>'],
    ['a category by slug', '/category/world/europe/', ['category-europe', 'archive', 'index'], 'category', '<h1>Europe</h1>'],
    ['a category', '/category/world/', ['category', 'archive', 'index'], 'category', '<h1>World</h1>'],
    ['a tag by id', '/tag/climate/', [`tag-${ids.climate}`, 'archive', 'index'], 'tag', '<h1>Climate</h1>'],
    ['a tag', '/tag/energy/', ['tag', 'archive', 'index'], 'tag', '<h1>Energy</h1>'],
    ['an author by login', '/author/ann/', ['author-ann', 'archive', 'index'], 'author', '<h1>Ann</h1>'],
    ['an author', '/author/bob/', ['author', 'archive', 'index'], 'author', '<h1>Bob</h1>'],
    ['a year', '/2024/', ['date', 'archive', 'index'], 'date', '<h1>2024</h1>'],
    ['a day', '/2024/03/02/', ['date', 'archive', 'index'], 'date', '<i>Plain story</i>'],
    ['search', '/?s=story', ['search', 'index', 'index'], 'search', '<s>story</s>'],
    ['not found', '/no/such/page/', ['404', 'error-4xx', 'index'], 'error,404', '<b>404</b>'],
  ]

  test.each(['every', 'general', 'bare'].map((theme, i) => [theme, i] as const))('the %s theme: each page gets the first template it has', async (theme, column) => {
    for (const [label, url, expected, context, shows] of cases()) {
      const page = await render(theme, url)
      expect(page.status, label).toBe(label === 'not found' ? 404 : 200)
      expect(page.template, label).toBe(expected[column])
      expect(page.context, label).toBe(context)
      expect(page.body, label).toContain(shows)
    }
  })

  test('a theme that does not exist falls back to default', async () => {
    expect((await render('gone', '/')).template).toBe('index')
    expect((await render('gone', paths.plain!)).body).toContain('<h1>Plain story</h1>')
  })
})
