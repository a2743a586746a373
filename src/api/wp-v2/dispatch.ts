import type { Services } from '../../services.js'
import { type Actor, anonymousActor } from '../../users/index.js'
import { isInvalid, validateArgs } from './args.js'
import { fieldTree, pickFields } from './fields.js'
import { JsonText, plainValue } from './json-text.js'
import { isPlainObject, parsePhpQuery } from './query-string.js'
import type { Context, Endpoint, Method, RestContext, RestRequest, RestResponse, RouteDef } from './rest.js'
import { invalidParams, noRoute, toWpError } from './wp-errors.js'

interface CompiledRoute extends RouteDef {
  regex: RegExp
  /** Its `Allow` header. */
  allow: string
}

const OVERRIDABLE = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])

/** WordPress's `(?P<id>[\d]+)` as a JavaScript named group. */
export const compilePattern = (pattern: string) => new RegExp(`^${pattern.replace(/\(\?P</g, '(?<')}$`, 'i')

/**
 * The REST server: finds the route, authenticates, validates arguments, calls the handler and shapes the
 * reply (`_embed`, `_fields`, `_envelope`, pagination and CORS headers are the plugin's and this file's job).
 */
/** Link relations `_embed` embeds only when it names them (`_embed=related`): each is several sub-requests. */
const ASKED_BY_NAME = new Set(['related'])

export function createRestServer(services: Services, routes: readonly RouteDef[], logError: (err: unknown) => void = () => {}) {
  const compiled: CompiledRoute[] = routes.map((r) => ({ ...r, regex: compilePattern(r.pattern), allow: allowOf(r) }))
  const apiRoot = `${services.config.siteUrl}/wp-json`

  const api = (path: string, query?: Record<string, string | number>) => {
    const qs = query ? new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString() : ''
    return `${apiRoot}${path}${qs ? `?${qs}` : ''}`
  }

  function match(path: string): { route: CompiledRoute; params: Record<string, string> } | null {
    for (const route of compiled) {
      const m = route.regex.exec(path)
      if (m) return { route, params: { ...m.groups } }
    }
    return null
  }

  function effectiveMethod(req: RestRequest): string {
    const method = req.method.toUpperCase()
    if (method !== 'POST') return method === 'HEAD' ? 'GET' : method
    const override = (typeof req.query._method === 'string' ? req.query._method : req.headers['x-http-method-override'])?.toUpperCase()
    return override && OVERRIDABLE.has(override) ? override : method
  }

  async function dispatch(req: RestRequest, { embed = true } = {}): Promise<RestResponse> {
    const path = normalizePath(req.path)
    let actor: Actor = anonymousActor
    let vocabulary: RouteDef['errors']
    try {
      actor = await req.actor()
      const found = match(path)
      if (!found) throw noRoute()
      const { route, params: urlParams } = found
      vocabulary = route.errors
      const method = effectiveMethod(req)
      if (method === 'OPTIONS') return { status: 200, headers: { allow: route.allow }, body: describeRoute(route, api, true) }
      const endpoint = route.endpoints.find((e) => e.methods.includes(method as Method))
      if (!endpoint) throw noRoute()
      vocabulary = { ...route.errors, ...endpoint.errors }
      const input = { ...req.query, ...(req.body ?? {}), ...urlParams }
      const checked = validateArgs(input, endpoint.args)
      if (isInvalid(checked)) throw invalidParams(checked)
      const memo = new Map<string, Promise<unknown>>()
      const ctx: RestContext = {
        services,
        params: checked.params,
        sent: checked.sent,
        method: method as Method,
        actor,
        context: (checked.params.context as Context | undefined) ?? 'view',
        request: req,
        api,
        siteUrl: services.config.siteUrl,
        memo: <T>(key: string, make: () => Promise<T>) => {
          if (!memo.has(key)) memo.set(key, make())
          return memo.get(key) as Promise<T>
        },
      }
      const result = await endpoint.handler(ctx)
      let body = result.body
      const embedParam = req.query._embed
      if (embed && embedParam !== undefined && body !== null) body = await embedLinks(body, embedParam, req, actor)
      const tree = fieldTree(req.query._fields)
      if (tree) body = Array.isArray(body) ? body.map((item) => pickFields(plainValue(item), tree)) : pickFields(plainValue(body), tree)
      return { status: result.status ?? 200, headers: { allow: route.allow, ...result.headers }, body }
    } catch (err) {
      const wp = toWpError(err, actor, vocabulary)
      if (wp.status >= 500) logError(err)
      return { status: wp.status, headers: {}, body: wp.toJSON() }
    }
  }

  /**
   * `_embed`: each embeddable link fetched through the API as the same person, in the embed context. Links in
   * ASKED_BY_NAME (Pressroom's own) are embedded only when `_embed` names them: a WordPress client asking for
   * everything keeps WordPress's cost.
   */
  async function embedLinks(body: unknown, embedParam: unknown, req: RestRequest, actor: Actor): Promise<unknown> {
    const wanted = typeof embedParam === 'string' && !['', '1', 'true'].includes(embedParam) ? new Set(embedParam.split(',').map((s) => s.trim())) : null
    const cache = new Map<string, Promise<unknown>>()
    const fetchHref = (href: string) => {
      let hit = cache.get(href)
      if (!hit) {
        hit = (async () => {
          if (!href.startsWith(apiRoot)) return null
          const url = new URL(href)
          const query = { ...parsePhpQuery(url.search.slice(1)), context: 'embed' }
          const res = await dispatch({ method: 'GET', path: url.pathname.slice(new URL(apiRoot).pathname.length) || '/', query, headers: req.headers, ip: req.ip, actor: async () => actor }, { embed: false })
          return res.body
        })()
        cache.set(href, hit)
      }
      return hit
    }
    // What an anonymous reader's `_embed` makes of a kept item is kept with it (an author, an image, terms and
    // comments are the same for every such reader until an event drops them).
    const key = actor.kind === 'anonymous' && typeof embedParam === 'string' ? embedParam : null
    const embedOne = async (item: unknown): Promise<unknown> => {
      if (item instanceof JsonText) {
        const keeper = key === null ? undefined : item.embeds
        const hit = keeper?.get(key!)
        if (hit) return hit
        const since = keeper?.since() ?? 0
        const embedded = await embedOne(item.value)
        if (embedded === item.value) return item
        const text = new JsonText(embedded, Buffer.from(JSON.stringify(embedded)))
        return keeper ? keeper.keep(key!, text, since) : text
      }
      if (!isPlainObject(item) || !isPlainObject(item._links)) return item
      const embedded: Record<string, unknown[]> = {}
      for (const [rel, links] of Object.entries(item._links as Record<string, unknown>)) {
        if (wanted ? !wanted.has(rel) : ASKED_BY_NAME.has(rel)) continue
        if (!Array.isArray(links)) continue
        const list: unknown[] = []
        let any = false
        for (const link of links) {
          if (!isPlainObject(link) || !link.embeddable || typeof link.href !== 'string') {
            list.push(null)
            continue
          }
          any = true
          list.push(await fetchHref(link.href))
        }
        if (any) embedded[rel] = list.filter((x) => x !== null)
      }
      return Object.keys(embedded).length ? { ...item, _embedded: embedded } : item
    }
    return Array.isArray(body) ? Promise.all(body.map(embedOne)) : embedOne(body)
  }

  return { dispatch, routes: compiled, api, apiRoot, match }
}

export type RestServer = ReturnType<typeof createRestServer>

export const normalizePath = (path: string) => {
  const p = path.replace(/\/+$/, '')
  return p === '' ? '/' : p
}

export function allowOf(route: RouteDef): string {
  return [...new Set(route.endpoints.flatMap((e) => e.methods))].join(', ')
}

/** A route as the index and OPTIONS describe it: namespace, methods, endpoints with their arguments. */
export function describeRoute(route: RouteDef, api: (path: string) => string, withSchema = false) {
  const endpoints = route.endpoints.map((e: Endpoint) => ({
    methods: e.methods,
    args: Object.fromEntries(Object.entries(e.args).map(([name, { validate: _, ...schema }]) => [name, { ...schema, required: schema.required ?? false }])),
  }))
  const out: Record<string, unknown> = { namespace: route.namespace, methods: [...new Set(route.endpoints.flatMap((e) => e.methods))], endpoints }
  if (withSchema && route.schema) out.schema = route.schema
  if (!/[(]/.test(route.pattern)) out._links = { self: [{ href: api(route.pattern) }] }
  return out
}

