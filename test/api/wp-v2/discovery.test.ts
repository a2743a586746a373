import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { allRoutes } from '../../../src/api/wp-v2/routes/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import type { HttpRequest } from '../../helpers/http-client.js'
import { fixture, fixtureText, haveFixtures, openApi, type TestApi } from './helpers.js'

const FIXTURES = haveFixtures()

describe.each(DIALECTS)('discovery and errors (%s)', (dialect) => {
  let api: TestApi
  beforeAll(async () => {
    api = await openApi(dialect)
  })
  afterAll(() => api.close())

  test('GET /wp-json/ describes the site and every route with its methods and arguments', async () => {
    const res = await api.request('/wp-json/')
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/json; charset=UTF-8')
    const index = res.json()
    expect(index).toMatchObject({ name: 'Pressroom', description: 'Just another Pressroom site', url: api.site.config.siteUrl, home: api.site.config.siteUrl })
    expect(index.namespaces).toEqual(['wp/v2'])
    expect(index.routes['/wp/v2/posts']).toMatchObject({ namespace: 'wp/v2', methods: ['GET', 'POST'], _links: { self: [{ href: `${api.site.config.siteUrl}/wp-json/wp/v2/posts` }] } })
    expect(index.routes['/wp/v2/posts/(?P<id>[\\d]+)'].methods).toEqual(['GET', 'POST', 'PUT', 'PATCH', 'DELETE'])
    expect(index.routes['/wp/v2/posts'].endpoints[0].args.per_page).toMatchObject({ type: 'integer', default: 10, minimum: 1, maximum: 100, required: false })
  })

  test.runIf(FIXTURES)('the index has the same top-level fields as WordPress 6.1', async () => {
    const wp = fixture('index.json')
    const ours = (await api.request('/wp-json')).json()
    expect(Object.keys(ours).sort()).toEqual(Object.keys(wp).sort())
  })

  test.runIf(FIXTURES)('every route Pressroom answers declares the arguments WordPress declares, with the same types, enums and defaults', async () => {
    const wp = fixture('index.json').routes as Record<string, { methods: string[]; endpoints: { methods: string[]; args: Record<string, any> }[] }>
    const ours = (await api.request('/wp-json/')).json().routes as typeof wp
    let compared = 0
    for (const [pattern, route] of Object.entries(ours)) {
      const reference = wp[pattern]
      expect(reference, `WordPress has no route ${pattern}`).toBeDefined()
      for (const endpoint of route.endpoints) {
        const ref = reference!.endpoints.find((e) => e.methods.join() === endpoint.methods.join())
        expect(ref, `${pattern} ${endpoint.methods}`).toBeDefined()
        for (const [name, arg] of Object.entries(endpoint.args)) {
          const r = ref!.args[name]
          expect(r, `${pattern} ${endpoint.methods} ${name}`).toBeDefined()
          for (const key of ['type', 'enum', 'default', 'minimum', 'maximum', 'format'] as const) {
            if (key === 'enum' && name === 'locale') continue
            expect([pattern, endpoint.methods.join(), name, key, arg[key]]).toEqual([pattern, endpoint.methods.join(), name, key, r[key]])
          }
          compared++
        }
      }
    }
    expect(compared).toBeGreaterThan(50)
  })

  test('GET /wp-json/wp/v2 lists the namespace', async () => {
    const res = await api.request('/wp-json/wp/v2')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ namespace: 'wp/v2', _links: { up: [{ href: `${api.site.config.siteUrl}/wp-json/` }] } })
    expect(Object.keys(res.json().routes)).toContain('/wp/v2/posts')
    expect(Object.keys(res.json().routes)).not.toContain('/')
  })

  test('?rest_route= is an alias of /wp-json/', async () => {
    const a = await api.request('/?rest_route=/wp/v2/posts&per_page=1')
    const b = await api.request('/wp-json/wp/v2/posts?per_page=1')
    expect(a.statusCode).toBe(200)
    expect(a.json()).toEqual(b.json())
    expect(a.headers['x-wp-total']).toBe(b.headers['x-wp-total'])
    const root = await api.request('/?rest_route=/')
    expect(root.json().routes['/wp/v2/posts']).toBeDefined()
  })

  test('site pages name the API in a Link header, as WordPress does', async () => {
    const res = await api.request('/')
    expect(res.statusCode).toBe(200)
    expect(res.headers.link).toBe(`<${api.site.config.siteUrl}/wp-json/>; rel="https://api.w.org/"`)
  })

  test('an unknown route or method is rest_no_route', async () => {
    for (const [method, url] of [['GET', '/wp-json/wp/v2/nope'], ['GET', '/wp-json/nope/v1/x'], ['PATCH', '/wp-json/wp/v2/posts'], ['GET', '/wp-json/wp/v2/posts/abc']] as const) {
      const res = await api.request({ method, url })
      expect(res.statusCode, `${method} ${url}`).toBe(404)
      expect(res.json()).toEqual({ code: 'rest_no_route', message: 'No route was found matching the URL and request method.', data: { status: 404 } })
    }
  })

  test.runIf(FIXTURES)('error bodies are WordPress’s, field for field', async () => {
    const cases: [string, HttpRequest][] = [
      ['error_no_route.json', { url: '/wp-json/wp/v2/nope' }],
      ['error_404.json', { url: '/wp-json/wp/v2/posts/999999' }],
      ['error_invalid_param.json', { url: '/wp-json/wp/v2/posts?per_page=abc' }],
      ['error_401_create.json', { method: 'POST', url: '/wp-json/wp/v2/posts', payload: { title: 'x' } }],
      ['error_context_edit.json', { url: '/wp-json/wp/v2/posts?context=edit' }],
    ]
    for (const [file, request] of cases) {
      const res = await api.request(request)
      const wp = fixture(file)
      expect(res.statusCode, file).toBe(wp.data.status)
      expect(res.json(), file).toEqual(wp)
    }
  })

  test('refusals: rest_forbidden and rest_cannot_create, 401 for a reader and 403 for someone signed in', async () => {
    const cases: [string, 'GET' | 'POST', string, object | undefined, string, string][] = [
      ['settings', 'GET', '/wp-json/wp/v2/settings', undefined, 'rest_forbidden', 'Sorry, you are not allowed to do that.'],
      ['settings', 'POST', '/wp-json/wp/v2/settings', { title: 'Taken over' }, 'rest_forbidden', 'Sorry, you are not allowed to do that.'],
      ['posts', 'POST', '/wp-json/wp/v2/posts', { title: 'x' }, 'rest_cannot_create', 'Sorry, you are not allowed to create posts as this user.'],
      ['categories', 'POST', '/wp-json/wp/v2/categories', { name: 'x' }, 'rest_cannot_create', 'Sorry, you are not allowed to create terms in this taxonomy.'],
    ]
    for (const [label, method, url, payload, code, message] of cases) {
      for (const [who, status] of [['anonymous', 401], ['subscriber', 403]] as const) {
        const res = await api.as(who, { method, url, payload })
        // WordPress's message for a reader; someone signed in is told what exactly they lack.
        expect([label, method, who, res.statusCode, res.json()]).toEqual([label, method, who, status, { code, message: who === 'anonymous' ? message : expect.any(String), data: { status } }])
      }
    }
    expect((await api.services.settings.all()).title).toBe('Pressroom')
    expect((await api.services.terms.list('category')).map((t) => t.name)).not.toContain('x')
  })

  test.runIf(FIXTURES)('an error answers with WordPress’s headers (error_404.headers.txt), the site’s address in place of its', async () => {
    const lines = fixtureText('error_404.headers.txt').split(/\r?\n/).slice(1).filter((l) => l.includes(':'))
    const wp = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]))
    const res = await api.request('/wp-json/wp/v2/posts/999999')
    expect(res.statusCode).toBe(404)
    for (const name of Object.keys(wp).filter((n) => !['date', 'server', 'content-length'].includes(n))) {
      expect([name, res.headers[name]]).toEqual([name, wp[name]!.replace('http://127.0.0.1:8090', api.site.config.siteUrl)])
    }
  })

  test('malformed JSON is rest_invalid_json and writes nothing', async () => {
    const before = await api.services.posts.countByStatus('post')
    const res = await api.as('administrator', { method: 'POST', url: '/wp-json/wp/v2/posts', headers: { 'content-type': 'application/json' }, payload: '{"title": "x",' })
    expect(res.statusCode).toBe(400)
    expect(res.json()).toMatchObject({ code: 'rest_invalid_json', message: 'Invalid JSON body passed.', data: { status: 400 } })
    expect(await api.services.posts.countByStatus('post')).toEqual(before)
  })

  test('wrong types are rest_invalid_param naming each parameter', async () => {
    const res = await api.request('/wp-json/wp/v2/posts?per_page=500&page=0&order=sideways&include=1,x&sticky=maybe')
    expect(res.statusCode).toBe(400)
    const body = res.json()
    expect(body.code).toBe('rest_invalid_param')
    expect(body.data.params).toEqual({
      per_page: 'per_page must be between 1 (inclusive) and 100 (inclusive)',
      page: 'page must be greater than or equal to 1',
      order: 'order is not one of asc, desc.',
      include: 'include[1] is not of type integer.',
      sticky: 'sticky is not of type boolean.',
    })
    // In the order the route declares its arguments, as WordPress reports them.
    expect(body.message).toBe('Invalid parameter(s): page, per_page, include, order, sticky')
  })

  test('_envelope wraps status and headers in the body', async () => {
    const res = await api.request('/wp-json/wp/v2/posts/999999?_envelope')
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 404, body: { code: 'rest_post_invalid_id' } })
    const list = (await api.request('/wp-json/wp/v2/posts?_envelope=1&per_page=1')).json()
    expect(list).toMatchObject({ status: 200, headers: { 'X-WP-Total': expect.any(String), 'X-WP-TotalPages': expect.any(String) } })
  })

  test('_method lets a POST stand for another method', async () => {
    const res = await api.request({ method: 'POST', url: '/wp-json/wp/v2/posts/999999?_method=DELETE' })
    expect(res.json().code).toBe('rest_post_invalid_id')
    const viaHeader = await api.request({ method: 'POST', url: '/wp-json/wp/v2/posts', headers: { 'x-http-method-override': 'GET' } })
    expect(viaHeader.statusCode).toBe(200)
    expect(Array.isArray(viaHeader.json())).toBe(true)
  })
})

describe.each(DIALECTS)('addresses and methods (%s)', (dialect) => {
  let api: TestApi
  beforeAll(async () => {
    api = await openApi(dialect)
  })
  afterAll(() => api.close())

  test('/wp-json without the slash, HEAD, and trailing slashes on routes', async () => {
    expect((await api.request('/wp-json')).json().namespaces).toEqual(['wp/v2'])
    const head = await api.request({ method: 'HEAD', url: '/wp-json/wp/v2/posts' })
    expect(head.statusCode).toBe(200)
    expect(head.headers['x-wp-total']).toBeDefined()
    expect(head.body).toBe('')
    expect((await api.request('/wp-json/wp/v2/posts/')).statusCode).toBe(200)
  })

  test('?rest_route= takes JSON bodies and credentials too', async () => {
    const res = await api.as('editor', { method: 'POST', url: '/?rest_route=/wp/v2/categories', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ name: 'Via rest_route' }) })
    expect(res.statusCode).toBe(201)
    expect(res.json()).toMatchObject({ name: 'Via rest_route', taxonomy: 'category' })
    const broken = await api.as('editor', { method: 'POST', url: '/index.php?rest_route=/wp/v2/categories', headers: { 'content-type': 'application/json' }, payload: '{' })
    expect(broken.json().code).toBe('rest_invalid_json')
    expect((await api.request('/?rest_route=/wp/v2/nope')).json().code).toBe('rest_no_route')
  })

  test('OPTIONS on an unknown route is rest_no_route; on a known one it lists the methods in Allow', async () => {
    expect((await api.request({ method: 'OPTIONS', url: '/wp-json/wp/v2/nope' })).statusCode).toBe(404)
    const res = await api.request({ method: 'OPTIONS', url: '/wp-json/wp/v2/categories/1' })
    expect(res.headers.allow).toBe('GET, POST, PUT, PATCH, DELETE')
    expect(res.json().endpoints.map((e: { methods: string[] }) => e.methods)).toEqual([['GET'], ['POST', 'PUT', 'PATCH'], ['DELETE']])
  })

  test('OPTIONS answers every route of the table (but the index) with its methods, arguments and item schema', async () => {
    const sample: Record<string, string> = { id: '1', parent: '1', user_id: 'me', uuid: 'abc', type: 'post', status: 'publish', taxonomy: 'category' }
    const routes = allRoutes(api.services).filter((r) => r.pattern !== '/' && r.pattern !== '/wp/v2')
    expect(routes.length).toBeGreaterThan(30)
    for (const route of routes) {
      const path = route.pattern.replace(/\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)/g, (_, name: string) => sample[name]!)
      const res = await api.request({ method: 'OPTIONS', url: `/wp-json${path}` })
      expect(res.statusCode, path).toBe(200)
      const body = res.json()
      expect(body.methods, path).toEqual([...new Set(route.endpoints.flatMap((e) => e.methods))])
      expect(body.schema, `${path} has no schema`).toMatchObject({ $schema: 'http://json-schema.org/draft-04/schema#', title: expect.any(String), type: 'object', properties: expect.any(Object) })
      expect(Object.keys(body.schema.properties).length, path).toBeGreaterThan(0)
    }
  })

  test.runIf(FIXTURES)('the settings schema names the settings WordPress’s route accepts, with their types', async () => {
    const wp = fixture('index.json').routes['/wp/v2/settings'].endpoints[1].args as Record<string, { type: string }>
    const ours = (await api.request({ method: 'OPTIONS', url: '/wp-json/wp/v2/settings' })).json().schema.properties as Record<string, { type: string }>
    expect(Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, v.type]))).toEqual(Object.fromEntries(Object.entries(wp).map(([k, v]) => [k, v.type])))
    const read = await api.as('administrator', { method: 'GET', url: '/wp-json/wp/v2/settings' })
    expect(Object.keys(read.json())).toEqual(Object.keys(ours))
  })
})
