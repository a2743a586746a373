import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { fixture, fixtureText, haveFixtures, openApi, shapeOf, type TestApi } from './helpers.js'

const FIXTURES = haveFixtures()

describe.each(DIALECTS)('posts and pages (%s)', (dialect) => {
  let api: TestApi
  const ids: Record<string, number> = {}
  beforeAll(async () => {
    api = await openApi(dialect)
    const { posts, terms } = api.services
    const news = await terms.create('category', { name: 'News' }, systemActor)
    const world = await terms.create('category', { name: 'World', parentId: news.id }, systemActor)
    const tech = await terms.create('post_tag', { name: 'Tech' }, systemActor)
    Object.assign(ids, { news: news.id, world: world.id, tech: tech.id })
    const author = api.users.author.id
    const make = async (key: string, input: Parameters<typeof posts.create>[0]) => (ids[key] = (await posts.create(input, systemActor)).id)
    await make('alpha', { title: 'Alpha "quoted" story', content: '<p>Alpha body about elections.</p>', status: 'publish', categories: [news.id], tags: [tech.id], sticky: true, publishedAt: '2024-03-01T10:00:00Z', authorId: author })
    await make('beta', { title: 'Beta', content: '<p>Beta body about weather.</p>', status: 'publish', categories: [world.id], publishedAt: '2020-01-01T10:00:00Z' })
    await make('gamma', { title: 'Gamma draft', content: '<p>Draft</p>', status: 'draft', authorId: author })
    await make('secret', { title: 'Protected', content: '<p>Hidden words</p>', status: 'publish', password: 'open sesame', publishedAt: '2023-01-01T10:00:00Z' })
    await make('parent', { type: 'page', title: 'About', content: '<p>About us</p>', status: 'publish' })
    await make('child', { type: 'page', title: 'Team', content: '<p>The team</p>', status: 'publish', parentId: ids.parent, menuOrder: 3 })
  })
  afterAll(() => api.close())

  const get = (url: string, role?: Parameters<TestApi['as']>[0]) => (role ? api.as(role, { method: 'GET', url }) : api.request(url))

  test.runIf(FIXTURES)('a post has WordPress’s fields, nested and typed as in WordPress 6.1', async () => {
    const wp = fixture('posts.json')[0]
    // `related` ("Read Also") is Pressroom's own field, as a plugin's register_rest_field would add one.
    const { related, ...ours } = (await get(`/wp-json/wp/v2/posts/${ids.alpha}`)).json()
    expect(related).toEqual(expect.any(Array))
    expect(Object.keys(ours)).toEqual(Object.keys(wp))
    const { _links: wpLinks, ...wpRest } = wp
    const { _links: ourLinks, ...ourRest } = ours
    expect(shapeOf(ourRest)).toEqual(shapeOf({ ...wpRest, categories: [1], tags: [1] }))
    for (const rel of Object.keys(wpLinks)) expect(Object.keys(ourLinks), rel).toContain(rel)
    expect(shapeOf(ourLinks.author)).toEqual(shapeOf(wpLinks.author))
    expect(shapeOf(ourLinks['wp:term'])).toEqual(shapeOf(wpLinks['wp:term']))
  })

  test.runIf(FIXTURES)('a page has WordPress’s fields', async () => {
    const wp = fixture('pages.json')[0]
    const ours = (await get(`/wp-json/wp/v2/pages/${ids.child}`)).json()
    expect(Object.keys(ours)).toEqual(Object.keys(wp))
    expect(shapeOf({ ...ours, _links: null })).toEqual(shapeOf({ ...wp, _links: null }))
    expect(Object.keys(ours._links)).toEqual(expect.arrayContaining(Object.keys(wp._links)))
    expect(ours).toMatchObject({ parent: ids.parent, menu_order: 3 })
  })

  test('values: dates in the site’s time and GMT, rendered title and content, terms, sticky, link', async () => {
    const post = (await get(`/wp-json/wp/v2/posts/${ids.alpha}`)).json()
    expect(post).toMatchObject({
      id: ids.alpha, date: '2024-03-01T10:00:00', date_gmt: '2024-03-01T10:00:00', status: 'publish', type: 'post',
      title: { rendered: 'Alpha “quoted” story' }, categories: [ids.news], tags: [ids.tech], sticky: true,
      author: api.users.author.id, featured_media: 0, comment_status: 'open', format: 'standard', meta: [],
      content: { protected: false }, excerpt: { protected: false },
    })
    expect(post.content.rendered).toContain('Alpha body about elections.')
    expect(post.excerpt.rendered).toBe('<p>Alpha body about elections.</p>\n')
    expect(post.link).toBe(`${api.site.config.siteUrl}/2024/03/01/${post.slug}/`)
    expect(post.title.raw).toBeUndefined()
    expect(post.password).toBeUndefined()
  })

  test.runIf(FIXTURES)('pagination headers as WordPress sends them, with prev and next links', async () => {
    const wpHeaders = fixtureText('posts.headers.txt').toLowerCase()
    for (const name of ['x-wp-total', 'x-wp-totalpages', 'link', 'access-control-expose-headers', 'access-control-allow-headers', 'allow']) expect(wpHeaders).toContain(`${name}:`)
    const first = await get('/wp-json/wp/v2/posts?per_page=1')
    const total = Number(first.headers['x-wp-total'])
    expect(total).toBeGreaterThanOrEqual(4)
    expect(first.headers['x-wp-totalpages']).toBe(String(total))
    expect(first.headers.link).toBe(`<${api.site.config.siteUrl}/wp-json/wp/v2/posts?per_page=1&page=2>; rel="next"`)
    expect(first.headers.allow).toBe('GET, POST')
    expect(first.headers['access-control-expose-headers']).toBe('X-WP-Total, X-WP-TotalPages, Link')
    const second = await get('/wp-json/wp/v2/posts?per_page=1&page=2')
    expect(second.headers.link).toBe(`<${api.site.config.siteUrl}/wp-json/wp/v2/posts?per_page=1&page=1>; rel="prev", <${api.site.config.siteUrl}/wp-json/wp/v2/posts?per_page=1&page=3>; rel="next"`)
    const beyond = await get(`/wp-json/wp/v2/posts?per_page=1&page=${total + 1}`)
    expect(beyond.statusCode).toBe(400)
    expect(beyond.json().code).toBe('rest_post_invalid_page_number')
  })

  test('list filters: search, include, exclude, slug, author, categories, tags, _exclude, after, before, sticky, offset, order', async () => {
    const idsOf = async (query: string, role?: Parameters<TestApi['as']>[0]) => {
      const res = await get(`/wp-json/wp/v2/posts?per_page=100&${query}`, role)
      expect(res.statusCode, query).toBe(200)
      return (res.json() as { id: number }[]).map((p) => p.id)
    }
    expect(await idsOf('search=elections')).toEqual([ids.alpha])
    expect(await idsOf('search=ELECTIONS%20alpha')).toEqual([ids.alpha])
    expect(await idsOf(`include=${ids.beta},${ids.alpha}&orderby=include`)).toEqual([ids.beta, ids.alpha])
    expect(await idsOf(`include[]=${ids.beta}&include[]=${ids.alpha}&order=asc&orderby=id`)).toEqual([ids.alpha, ids.beta].sort((a, b) => a - b))
    expect(await idsOf(`exclude=${ids.alpha}`)).not.toContain(ids.alpha)
    const slug = (await get(`/wp-json/wp/v2/posts/${ids.beta}`)).json().slug
    expect(await idsOf(`slug=${slug}`)).toEqual([ids.beta])
    expect(await idsOf(`author=${api.users.author.id}`)).toEqual([ids.alpha])
    expect(await idsOf(`author_exclude=${api.users.author.id}`)).not.toContain(ids.alpha)
    expect(await idsOf(`author_exclude=${api.users.author.id}`)).toContain(ids.beta)
    const alphaSlug = (await get(`/wp-json/wp/v2/posts/${ids.alpha}`)).json().slug
    expect(await idsOf(`slug=${slug},${alphaSlug}&orderby=include_slugs`)).toEqual([ids.beta, ids.alpha])
    expect(await idsOf(`categories=${ids.news}`)).toEqual([ids.alpha])
    expect(await idsOf(`categories[terms]=${ids.news}&categories[include_children]=1`)).toEqual([ids.alpha, ids.beta])
    expect(await idsOf(`categories_exclude=${ids.news}`)).not.toContain(ids.alpha)
    expect(await idsOf(`tags=${ids.tech}`)).toEqual([ids.alpha])
    expect(await idsOf(`tags_exclude=${ids.tech}`)).not.toContain(ids.alpha)
    expect(await idsOf(`categories=${ids.world}&tags=${ids.tech}`)).toEqual([])
    expect(await idsOf(`categories=${ids.world}&tags=${ids.tech}&tax_relation=OR`)).toEqual([ids.alpha, ids.beta])
    expect(await idsOf('after=2021-01-01T00:00:00&before=2024-01-01T00:00:00')).toEqual([ids.secret])
    expect(await idsOf('sticky=true')).toEqual([ids.alpha])
    expect(await idsOf('sticky=false')).not.toContain(ids.alpha)
    const all = await idsOf('orderby=title&order=asc')
    expect(await idsOf('orderby=title&order=asc&offset=1')).toEqual(all.slice(1))
    expect((await get('/wp-json/wp/v2/posts?per_page=2&offset=1')).headers['x-wp-total']).toBe(String(all.length))
  })

  test('drafts: hidden from readers, listed for their author and editors, forbidden as a status filter to readers', async () => {
    expect((await get(`/wp-json/wp/v2/posts/${ids.gamma}`)).statusCode).toBe(404)
    const denied = await get('/wp-json/wp/v2/posts?status=draft')
    expect(denied.statusCode).toBe(400)
    expect(denied.json()).toMatchObject({ code: 'rest_invalid_param', data: { params: { status: 'Status is forbidden.' } } })
    const asAuthor = await get('/wp-json/wp/v2/posts?status=draft', 'author')
    expect(asAuthor.json().map((p: { id: number }) => p.id)).toEqual([ids.gamma])
    const asEditor = await get('/wp-json/wp/v2/posts?status=any&per_page=100', 'editor')
    expect(asEditor.json().map((p: { id: number }) => p.id)).toEqual(expect.arrayContaining([ids.gamma, ids.alpha]))
    expect((await get('/wp-json/wp/v2/posts?status=draft', 'subscriber')).statusCode).toBe(400)
  })

  test('context=edit shows raw fields to those who may edit, and is refused to others', async () => {
    const asEditor = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?context=edit`, 'editor')).json()
    expect(asEditor.title).toEqual({ raw: 'Alpha "quoted" story', rendered: 'Alpha “quoted” story' })
    expect(asEditor.content).toMatchObject({ raw: '<p>Alpha body about elections.</p>', block_version: 0 })
    expect(asEditor).toHaveProperty('password', '')
    expect(asEditor).toHaveProperty('permalink_template')
    expect(asEditor).toHaveProperty('generated_slug')
    const anonymous = await get(`/wp-json/wp/v2/posts/${ids.alpha}?context=edit`)
    expect(anonymous.statusCode).toBe(401)
    expect(anonymous.json().code).toBe('rest_forbidden_context')
    const contributor = await get(`/wp-json/wp/v2/posts/${ids.alpha}?context=edit`, 'contributor')
    expect(contributor.statusCode).toBe(403)
    expect((await get('/wp-json/wp/v2/posts?context=edit', 'subscriber')).statusCode).toBe(403)
    expect((await get('/wp-json/wp/v2/posts?context=edit', 'contributor')).statusCode).toBe(200)
  })

  test('context=embed keeps only the embed fields', async () => {
    const post = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?context=embed`)).json()
    expect(Object.keys(post).sort()).toEqual(['_links', 'author', 'date', 'excerpt', 'featured_media', 'id', 'link', 'slug', 'title', 'type'].sort())
  })

  test('a password-protected post hides its content until the password is given', async () => {
    const locked = (await get(`/wp-json/wp/v2/posts/${ids.secret}`)).json()
    expect(locked.content).toEqual({ rendered: '', protected: true })
    expect(locked.excerpt).toEqual({ rendered: '', protected: true })
    const open = (await get(`/wp-json/wp/v2/posts/${ids.secret}?password=open%20sesame`)).json()
    expect(open.content.rendered).toContain('Hidden words')
    const wrong = await get(`/wp-json/wp/v2/posts/${ids.secret}?password=nope`)
    expect(wrong.statusCode).toBe(403)
    expect(wrong.json().code).toBe('rest_post_incorrect_password')
  })

  test.runIf(FIXTURES)('_fields keeps the named fields, nested paths too', async () => {
    const wp = fixture('posts_fields.json')
    const ours = (await get('/wp-json/wp/v2/posts?per_page=2&_fields=id,title,link')).json()
    expect(ours.map((p: object) => Object.keys(p))).toEqual(wp.map((p: object) => Object.keys(p)))
    const nested = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?_fields=title.rendered,content.protected,id`)).json()
    expect(nested).toEqual({ id: ids.alpha, title: { rendered: 'Alpha “quoted” story' }, content: { protected: false } })
    const withLinks = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?_fields[]=id&_fields[]=_links`)).json()
    expect(Object.keys(withLinks)).toEqual(['id', '_links'])
  })

  test.runIf(FIXTURES)('_embed brings the author, the terms and the featured image, shaped as WordPress embeds them', async () => {
    const wp = fixture('posts_embed.json')[0]._embedded
    const welcome = (await get('/wp-json/wp/v2/posts?search=Welcome&_embed')).json()[0]
    expect(welcome._embedded).toBeDefined()
    const alpha = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?_embed`)).json()
    expect(Object.keys(alpha._embedded.author[0]).sort()).toEqual(Object.keys(wp.author[0]).sort())
    expect(alpha._embedded['wp:term'].map((list: { id: number }[]) => list.map((t) => t.id))).toEqual([[ids.news], [ids.tech]])
    expect(Object.keys(alpha._embedded['wp:term'][0][0]).sort()).toEqual(Object.keys(wp['wp:term'][0][0]).sort())
    if (welcome.featured_media) {
      const media = welcome._embedded['wp:featuredmedia'][0]
      expect(media).toMatchObject({ id: welcome.featured_media, media_type: 'image', source_url: expect.stringContaining('/uploads/') })
      expect(media.media_details.sizes.thumbnail).toBeDefined()
    }
    const only = (await get(`/wp-json/wp/v2/posts/${ids.alpha}?_embed=author`)).json()
    expect(Object.keys(only._embedded)).toEqual(['author'])
  })

  test('pages: parent and menu_order, and the parent, parent_exclude and menu_order filters', async () => {
    const children = (await get(`/wp-json/wp/v2/pages?parent=${ids.parent}`)).json()
    expect(children.map((p: { id: number }) => p.id)).toEqual([ids.child])
    const top = (await get('/wp-json/wp/v2/pages?parent=0&per_page=100')).json().map((p: { id: number }) => p.id)
    expect(top).toContain(ids.parent)
    expect(top).not.toContain(ids.child)
    expect((await get('/wp-json/wp/v2/pages?menu_order=3')).json().map((p: { id: number }) => p.id)).toEqual([ids.child])
    expect((await get('/wp-json/wp/v2/pages?menu_order=0&per_page=100')).json().map((p: { id: number }) => p.id)).not.toContain(ids.child)
    expect((await get(`/wp-json/wp/v2/pages?parent_exclude=${ids.parent}&per_page=100`)).json().map((p: { id: number }) => p.id)).not.toContain(ids.child)
    const child = (await get(`/wp-json/wp/v2/pages/${ids.child}?_embed=up`)).json()
    expect(child.link).toBe(`${api.site.config.siteUrl}/about/team/`)
    expect(child._embedded.up[0].id).toBe(ids.parent)
    expect((await get(`/wp-json/wp/v2/posts/${ids.child}`)).statusCode).toBe(404)
    expect((await get(`/wp-json/wp/v2/pages/${ids.alpha}`)).statusCode).toBe(404)
  })

  test('create, update (POST, PUT, PATCH), trash and delete a post', async () => {
    const created = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'From the API', content: '<p>Hello <strong>there</strong></p>', status: 'publish', categories: [ids.news], tags: [ids.tech], excerpt: { raw: 'Short' } } })
    expect(created.statusCode).toBe(201)
    const post = created.json()
    expect(created.headers.location).toBe(`${api.site.config.siteUrl}/wp-json/wp/v2/posts/${post.id}`)
    expect(post).toMatchObject({ title: { raw: 'From the API' }, status: 'publish', categories: [ids.news], tags: [ids.tech], excerpt: { raw: 'Short' }, author: api.users.editor.id })
    for (const method of ['POST', 'PUT', 'PATCH'] as const) {
      const res = await api.as('editor', { method, url: `/wp-json/wp/v2/posts/${post.id}`, payload: { title: `Edited by ${method}` } })
      expect(res.statusCode, method).toBe(200)
      expect(res.json().title.raw).toBe(`Edited by ${method}`)
    }
    const scheduled = await api.as('editor', { method: 'POST', url: `/wp-json/wp/v2/posts/${post.id}`, payload: { date: '2099-01-01T12:00:00' } })
    expect(scheduled.json()).toMatchObject({ status: 'future', date: '2099-01-01T12:00:00' })
    const trashed = await api.as('editor', { method: 'DELETE', url: `/wp-json/wp/v2/posts/${post.id}` })
    expect(trashed.json().status).toBe('trash')
    const again = await api.as('editor', { method: 'DELETE', url: `/wp-json/wp/v2/posts/${post.id}` })
    expect(again.statusCode).toBe(410)
    expect(again.json().code).toBe('rest_already_trashed')
    const deleted = await api.as('editor', { method: 'DELETE', url: `/wp-json/wp/v2/posts/${post.id}?force=true` })
    expect(deleted.json()).toMatchObject({ deleted: true, previous: { id: post.id } })
    expect((await api.as('editor', { method: 'GET', url: `/wp-json/wp/v2/posts/${post.id}` })).statusCode).toBe(404)
  })

  test('a form-encoded body with PHP-style arrays works like JSON', async () => {
    const res = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `title=Form+post&status=draft&tags[]=${ids.tech}` })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ title: { raw: 'Form post' }, status: 'draft', tags: [ids.tech] })
  })

  test('roles: a contributor drafts but cannot publish; an author cannot edit others’ posts; a subscriber cannot write', async () => {
    const draft = await api.as('contributor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'Pitch' } })
    expect(draft.statusCode).toBe(201)
    expect(draft.json().status).toBe('draft')
    const publish = await api.as('contributor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'Pitch', status: 'publish' } })
    expect(publish.statusCode).toBe(403)
    expect(publish.json().code).toBe('rest_cannot_publish')
    const others = await api.as('author', { method: 'POST', url: `/wp-json/wp/v2/posts/${ids.beta}`, payload: { title: 'Mine now' } })
    expect(others.statusCode).toBe(403)
    expect(others.json().code).toBe('rest_cannot_edit')
    const subscriber = await api.as('subscriber', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x' } })
    expect(subscriber.statusCode).toBe(403)
    expect(subscriber.json().code).toBe('rest_cannot_create')
    const sticky = await api.as('author', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x', sticky: true } })
    expect(sticky.statusCode).toBe(403)
    expect((await api.services.posts.get(ids.beta, systemActor)).title).toBe('Beta')
  })

  test('bad writes: wrong types and unknown references are clear errors and change nothing', async () => {
    const before = await api.services.posts.countByStatus('post')
    const types = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x', status: 'published', categories: 'abc', sticky: 'yes' } })
    expect(types.statusCode).toBe(400)
    expect(Object.keys(types.json().data.params).sort()).toEqual(['categories', 'status', 'sticky'])
    const author = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x', author: 99999 } })
    expect(author.json()).toMatchObject({ code: 'rest_invalid_author', data: { status: 400 } })
    const media = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x', featured_media: 99999 } })
    expect(media.json()).toMatchObject({ code: 'rest_invalid_featured_media', data: { status: 400 } })
    const existing = await api.as('editor', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { id: ids.alpha, title: 'x' } })
    expect(existing.json().code).toBe('rest_post_exists')
    expect(await api.services.posts.countByStatus('post')).toEqual(before)
  })

  test('revisions: listed for editors of the post, refused to readers; deleted one by one with force=true', async () => {
    await api.services.posts.update(ids.beta, { title: 'Beta, revised' }, systemActor)
    const list = await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions`, 'editor')
    expect(list.statusCode).toBe(200)
    expect(list.json().map((r: { title: { rendered: string } }) => r.title.rendered)).toEqual(['Beta, revised', 'Beta'])
    expect(list.json()[0]).toMatchObject({ parent: ids.beta, author: expect.any(Number) })
    const one = await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${list.json()[1].id}`, 'editor')
    expect(one.json().title.rendered).toBe('Beta')
    expect((await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${list.json()[1].id}?context=edit`, 'editor')).json().title.raw).toBe('Beta')
    expect((await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions`)).statusCode).toBe(401)
    expect((await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions`, 'author')).statusCode).toBe(403)
    expect((await get('/wp-json/wp/v2/posts/999999/revisions', 'editor')).json().code).toBe('rest_post_invalid_parent')
    const oldest = list.json()[1].id
    const del = (url: string, role: Parameters<TestApi['as']>[0]) => api.as(role, { method: 'DELETE', url })
    expect((await del(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${oldest}?force=true`, 'author')).json()).toMatchObject({ code: 'rest_cannot_delete', data: { status: 403 } })
    expect((await del(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${oldest}`, 'editor')).json()).toMatchObject({ code: 'rest_trash_not_supported', data: { status: 501 } })
    expect((await api.services.posts.revisions(ids.beta, systemActor)).map((r) => r.id)).toContain(oldest)
    const deleted = await del(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${oldest}?force=true`, 'editor')
    expect(deleted.json()).toMatchObject({ deleted: true, previous: { id: oldest, parent: ids.beta, title: { rendered: 'Beta' } } })
    expect((await get(`/wp-json/wp/v2/posts/${ids.beta}/revisions`, 'editor')).json().map((r: { id: number }) => r.id)).toEqual([list.json()[0].id])
    expect((await del(`/wp-json/wp/v2/posts/${ids.beta}/revisions/${oldest}?force=true`, 'editor')).json().code).toBe('rest_post_invalid_id')
    expect((await get(`/wp-json/wp/v2/posts/${ids.beta}`)).json().title.rendered).toBe('Beta, revised')
  })
})
