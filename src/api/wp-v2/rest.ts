import type { Services } from '../../services.js'
import type { Actor } from '../../users/index.js'
import type { Args, Schema } from './args.js'
import type { ErrorVocabulary } from './wp-errors.js'

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type Context = 'view' | 'edit' | 'embed'

export const READABLE: readonly Method[] = ['GET']
export const CREATABLE: readonly Method[] = ['POST']
export const EDITABLE: readonly Method[] = ['POST', 'PUT', 'PATCH']
export const DELETABLE: readonly Method[] = ['DELETE']

export interface UploadedFile {
  field: string
  filename: string
  mime: string
  data: Buffer
}

/** A request to the API, whichever way it came: `/wp-json/…`, `?rest_route=…`, or an `_embed` sub-request. */
export interface RestRequest {
  method: string
  /** The route path, `/wp/v2/posts/1` (no `/wp-json`). */
  path: string
  query: Record<string, unknown>
  /** Parameters from a JSON, form or multipart body. */
  body?: Record<string, unknown>
  /** A raw upload body (`Content-Type: image/jpeg` + `Content-Disposition`). */
  raw?: { data: Buffer; type: string }
  files?: UploadedFile[]
  headers: Record<string, string | undefined>
  ip: string
  /** Who is asking; throws a WpError for credentials that are present but wrong. */
  actor(): Promise<Actor>
}

export interface RestResult {
  status?: number
  body: unknown
  headers?: Record<string, string>
}

export interface RestResponse {
  status: number
  headers: Record<string, string>
  body: unknown
}

/** What a handler gets: validated parameters, who is asking, the services, and URL helpers. */
export interface RestContext {
  services: Services
  params: Record<string, unknown>
  /** Parameters the client sent (not defaults). */
  sent: ReadonlySet<string>
  method: Method
  actor: Actor
  context: Context
  request: RestRequest
  /** An absolute URL of the API: `api('/wp/v2/posts')`. */
  api(path: string, query?: Record<string, string | number>): string
  siteUrl: string
  /** Per-request memo for data several items share (terms, authors). */
  memo<T>(key: string, make: () => Promise<T>): Promise<T>
}

export interface Endpoint {
  methods: readonly Method[]
  args: Args
  handler(ctx: RestContext): Promise<RestResult>
  errors?: ErrorVocabulary
}

export interface RouteDef {
  /** WordPress's pattern, published in the index: `/wp/v2/posts/(?P<id>[\d]+)`. */
  pattern: string
  namespace: string
  endpoints: readonly Endpoint[]
  /** The item schema OPTIONS returns. */
  schema?: Schema & { $schema: string; title: string }
  /** Errors shared by the route's endpoints. */
  errors?: ErrorVocabulary
}

export const contextArg = (fallback: Context = 'view'): Schema => ({
  description: 'Scope under which the request is made; determines fields present in response.',
  type: 'string',
  enum: ['view', 'embed', 'edit'],
  default: fallback,
})
