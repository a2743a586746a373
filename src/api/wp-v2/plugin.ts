import multipart from '@fastify/multipart'
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import { createRestAuth, RestAuthError, type AuthVia, restNonce } from '../../http/rest-auth.js'
import { SESSION_COOKIE } from '../../http/actor.js'
import { BR, chooseEncoding, GZIP } from '../../http/send-page.js'
import { MAX_UPLOAD_BYTES } from '../../media/index.js'
import type { Services } from '../../services.js'
import { brotli, gzip, isCompressible } from '../../site/cache/page-cache.js'
import type { Actor } from '../../users/index.js'
import { createRestServer } from './dispatch.js'
import { type CompressedBodies, createCompressedBodies, encodeJson, writtenLength } from './json-text.js'
import { assign, isPlainObject, parsePhpQuery, phpShape } from './query-string.js'
import type { RestRequest, RestResponse, UploadedFile } from './rest.js'
import { allRoutes } from './routes/index.js'
import { invalidJson, toWpError, WpError } from './wp-errors.js'

export interface WpV2Options {
  services: Services
  /** Where the API lives; WordPress's is `/wp-json`. */
  prefix?: string
}

const JSON_LIMIT = 8 * 1024 * 1024
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const
const ALLOW_HEADERS = 'Authorization, X-WP-Nonce, Content-Disposition, Content-MD5, Content-Type'

/**
 * The WordPress REST API v2. Registered at the application's root (it adds the `?rest_route=` alias, the API's
 * `Link` header on site pages and the nonce endpoint there) with the API itself in its own scope under `prefix`.
 */
export const wpV2Routes: FastifyPluginAsync<WpV2Options> = Object.assign(
  async (app: FastifyInstance, { services, prefix = '/wp-json' }: WpV2Options) => {
    const server = createRestServer(services, allRoutes(services), (err) => app.log.error({ err }, 'REST request failed'))
    const auth = createRestAuth(services)
    const compressed = createCompressedBodies(COMPRESSED_JSON_BYTES)
    const apiRoot = `${services.config.siteUrl}${prefix}/`

    /** A Fastify request as a REST request; the body is whatever the scope's parsers made of it. */
    function restRequest(req: FastifyRequest, path: string, query: Record<string, unknown>, body: unknown, files?: UploadedFile[]): RestRequest & { via: () => AuthVia } {
      let resolved: Promise<{ actor: Actor; via: AuthVia }> | undefined
      const params = isPlainObject(body) ? body : undefined
      const nonce = header(req, 'x-wp-nonce') ?? str(query._wpnonce) ?? str(params?._wpnonce)
      let via: AuthVia = null
      return {
        method: req.method,
        path,
        query,
        body: params,
        raw: Buffer.isBuffer(body) ? { data: body, type: header(req, 'content-type') ?? '' } : undefined,
        files,
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v])),
        ip: req.ip,
        actor: async () => {
          resolved ??= auth.authenticate(req, nonce).catch((err: unknown) => {
            if (err instanceof RestAuthError) throw new WpError(err.code, err.message, err.status)
            throw err
          })
          const r = await resolved
          via = r.via
          return r.actor
        },
        via: () => via,
      }
    }

    function send(req: FastifyRequest, reply: FastifyReply, res: RestResponse, query: Record<string, unknown>, via: AuthVia): FastifyReply {
      const headers: Record<string, string> = {
        'x-robots-tag': 'noindex',
        link: `<${apiRoot}>; rel="https://api.w.org/"`,
        'access-control-expose-headers': 'X-WP-Total, X-WP-TotalPages, Link',
        'access-control-allow-headers': ALLOW_HEADERS,
        ...res.headers,
      }
      const origin = header(req, 'origin')
      if (origin) {
        headers['access-control-allow-origin'] = origin
        headers['access-control-allow-methods'] = 'OPTIONS, GET, POST, PUT, PATCH, DELETE'
        headers['access-control-allow-credentials'] = 'true'
      }
      headers.vary = 'Origin'
      if (via) headers['cache-control'] = 'no-cache, must-revalidate, max-age=0, no-store, private'
      const token = req.cookies[SESSION_COOKIE]
      if (via === 'cookie' && token) headers['x-wp-nonce'] = restNonce(token, services.clock.now())
      reply.headers(headers).type(JSON_TYPE)
      if (query._envelope !== undefined) {
        return sendJson(req, reply, 200, { body: res.body, status: res.status, headers: withoutTransport(headers) }, compressed)
      }
      return sendJson(req, reply, res.status, res.body, compressed)
    }

    async function serve(req: FastifyRequest, reply: FastifyReply, path: string, query: Record<string, unknown>, body: unknown, files?: UploadedFile[]) {
      const rest = restRequest(req, path, query, body, files)
      const res = await server.dispatch(rest)
      return send(req, reply, res, query, rest.via())
    }

    // `/?rest_route=/wp/v2/posts`: the API's address on sites without pretty permalinks.
    app.addHook('onRequest', async (req, reply) => {
      const q = req.url.indexOf('?')
      if (q < 0 || !req.url.includes('rest_route=')) return
      const path = req.url.slice(0, q)
      if (path !== '/' && path !== '/index.php') return
      const query = parsePhpQuery(req.url.slice(q + 1))
      if (typeof query.rest_route !== 'string') return
      const route = query.rest_route
      delete query.rest_route
      let body: unknown
      try {
        body = await readSmallBody(req)
      } catch (err) {
        const wp = toWpError(err, { kind: 'anonymous' })
        return send(req, reply, { status: wp.status, headers: {}, body: wp.toJSON() }, query, null)
      }
      await serve(req, reply, route, query, body)
      return reply
    })

    // Every page of the site names the API, so clients such as wpapi can find it from the home page.
    app.addHook('onSend', async (_req, reply, payload) => {
      const type = reply.getHeader('content-type')
      if (typeof type === 'string' && type.startsWith('text/html') && !reply.hasHeader('link')) reply.header('link', `<${apiRoot}>; rel="https://api.w.org/"`)
      return payload
    })

    // WordPress's way for a signed-in page to get (or refresh) its REST nonce.
    app.get('/wp-admin/admin-ajax.php', async (req, reply) => {
      const { action } = req.query as { action?: string }
      const token = req.cookies[SESSION_COOKIE]
      if (action !== 'rest-nonce' || !token || !(await req.currentUser())) return reply.status(400).type('text/plain').header('cache-control', 'no-store').send('0')
      return reply.type('text/plain').header('cache-control', 'no-store').send(restNonce(token, services.clock.now()))
    })

    await app.register(
      async (scope) => {
        scope.removeContentTypeParser(['application/json'])
        scope.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: JSON_LIMIT }, (_req, text, done) => {
          try {
            done(null, parseJsonBody(text as string))
          } catch (err) {
            done(err as Error, undefined)
          }
        })
        scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES + 1 }, (_req, data, done) => done(null, data))
        await scope.register(multipart, { limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 100, fieldSize: 1024 * 1024 } })
        scope.setErrorHandler((err, req, reply) => {
          const wp = toWpError(err, { kind: 'anonymous' })
          if (wp.status >= 500) req.log.error({ err }, 'REST request failed')
          return send(req, reply, { status: wp.status, headers: {}, body: wp.toJSON() }, {}, null)
        })
        scope.setNotFoundHandler((req, reply) => send(req, reply, { status: 404, headers: {}, body: new WpError('rest_no_route', 'No route was found matching the URL and request method.', 404).toJSON() }, {}, null))
        const handler = async (req: FastifyRequest, reply: FastifyReply) => {
          const q = req.url.indexOf('?')
          const fullPath = q < 0 ? req.url : req.url.slice(0, q)
          const path = safeDecode(fullPath.slice(prefix.length)) || '/'
          const query = parsePhpQuery(q < 0 ? '' : req.url.slice(q + 1))
          if (req.isMultipart()) {
            const { fields, files } = await readMultipart(req)
            return serve(req, reply, path, query, fields, files)
          }
          const body = isPlainObject(req.body) && !Buffer.isBuffer(req.body) && req.headers['content-type']?.startsWith('application/x-www-form-urlencoded') ? phpShape(req.body) : req.body
          return serve(req, reply, path, query, body)
        }
        scope.route({ method: [...METHODS], url: '/', handler, bodyLimit: MAX_UPLOAD_BYTES + 1 })
        scope.route({ method: [...METHODS], url: '/*', handler, bodyLimit: MAX_UPLOAD_BYTES + 1 })
      },
      { prefix },
    )
  },
  { [Symbol.for('skip-override')]: true },
)

/** JSON bodies: an empty one is no parameters; a broken one is WordPress's rest_invalid_json. */
function parseJsonBody(text: string): unknown {
  if (!text.trim()) return {}
  try {
    return JSON.parse(text)
  } catch (err) {
    throw invalidJson((err as Error).message)
  }
}

async function readMultipart(req: FastifyRequest): Promise<{ fields: Record<string, unknown>; files: UploadedFile[] }> {
  const fields: Record<string, unknown> = {}
  const files: UploadedFile[] = []
  for await (const part of req.parts()) {
    if (part.type === 'file') {
      const data = await part.toBuffer()
      files.push({ field: part.fieldname, filename: part.filename, mime: part.mimetype, data })
    } else {
      assign(fields, part.fieldname, part.value)
    }
  }
  return { fields, files }
}

/** The body of a `?rest_route=` request, read before Fastify's parsers (JSON and form bodies only). */
async function readSmallBody(req: FastifyRequest): Promise<unknown> {
  if (req.method === 'GET' || req.method === 'HEAD') return undefined
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req.raw) {
    size += (chunk as Buffer).length
    if (size > JSON_LIMIT) throw new WpError('rest_upload_file_too_big', 'The request body is larger than this site accepts.', 413)
    chunks.push(chunk as Buffer)
  }
  const text = Buffer.concat(chunks).toString('utf8')
  const type = req.headers['content-type'] ?? ''
  if (type.startsWith('application/json')) return parseJsonBody(text)
  if (type.startsWith('application/x-www-form-urlencoded')) return parsePhpQuery(text)
  return undefined
}

const JSON_TYPE = 'application/json; charset=UTF-8'

/**
 * JSON compressed as a web server in front of WordPress would (a list of posts is about 100 KB, 20 KB as br).
 * A body made only of kept posts is compressed once for as long as they are kept (`CompressedBodies`); the others
 * on every request, so at the cheapest levels: brotli 0 takes a third of brotli 1's time for 6 % more bytes
 * (110 KB of posts: 0.34 ms and 22 KB against 0.81 ms and 21 KB), gzip 1 for clients without br.
 */
const JSON_LEVELS = { brotli: 0, gzip: 1 } as const
/** Compressed bodies made of kept posts (a list of 10 is ~22 KB as br): a few hundred. */
const COMPRESSED_JSON_BYTES = 4 * 1024 * 1024

function sendJson(req: FastifyRequest, reply: FastifyReply, status: number, body: unknown, compressed: CompressedBodies): FastifyReply {
  reply.status(status)
  // Strings and empty bodies go as before (Fastify sends a string as it is).
  if (body === null || typeof body !== 'object' || Buffer.isBuffer(body)) return reply.send(body)
  let identity: Buffer | undefined
  const encoded = () => (identity ??= encodeJson(body))
  if (!isCompressible(JSON_TYPE, writtenLength(body) ?? encoded().length)) return reply.send(encoded())
  reply.header('vary', `${reply.getHeader('vary') ?? 'Origin'}, Accept-Encoding`)
  const chosen = chooseEncoding(req.headers['accept-encoding'], true, true)
  if (chosen === BR) return reply.header('content-encoding', 'br').send(compressed.through(body, 'br', () => brotli(encoded(), JSON_LEVELS.brotli)))
  if (chosen === GZIP) return reply.header('content-encoding', 'gzip').send(compressed.through(body, 'gzip', () => gzip(encoded(), JSON_LEVELS.gzip)))
  return reply.send(encoded())
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name]
  return Array.isArray(v) ? v[0] : v
}
const str = (v: unknown) => (typeof v === 'string' ? v : undefined)
const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/** `_envelope` carries the headers a client could not read, not those of the transport. */
function withoutTransport(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(headers)) if (k.startsWith('x-wp-') || k === 'link' || k === 'allow' || k === 'location') out[canonical(k)] = v
  return out
}
const HEADER_NAMES: Record<string, string> = { 'x-wp-total': 'X-WP-Total', 'x-wp-totalpages': 'X-WP-TotalPages', 'x-wp-nonce': 'X-WP-Nonce' }
const canonical = (name: string) => HEADER_NAMES[name] ?? name.replace(/(^|-)([a-z])/g, (_, dash: string, c: string) => dash + c.toUpperCase())
