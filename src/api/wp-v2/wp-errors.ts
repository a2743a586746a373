import { STATUS } from '../../http/error-handler.js'
import { isDomainError } from '../../shared/errors.js'
import type { Actor } from '../../users/index.js'
import type { InvalidParams } from './args.js'

/** An error as WordPress's REST API sends it: `{code, message, data: {status, …}}`. */
export class WpError extends Error {
  override name = 'WpError'
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message)
  }
  toJSON() {
    return { code: this.code, message: this.message, data: { status: this.status, ...this.data } }
  }
}

export const isWpError = (err: unknown): err is WpError => err instanceof WpError

export const noRoute = () => new WpError('rest_no_route', 'No route was found matching the URL and request method.', 404)

export const invalidJson = (why: string) =>
  new WpError('rest_invalid_json', 'Invalid JSON body passed.', 400, { json_error_code: 4, json_error_message: why })

/** 401 for someone not signed in, 403 for someone who is: WordPress's rest_authorization_required_code(). */
export const authStatus = (actor: Actor) => (actor.kind === 'anonymous' ? 401 : 403)

export const forbidden = (actor: Actor, code: string, message: string) => new WpError(code, message, authStatus(actor))

export function invalidParams({ invalid, missing }: InvalidParams): WpError {
  if (missing.length) return new WpError('rest_missing_callback_param', `Missing parameter(s): ${missing.join(', ')}`, 400, { params: missing })
  const names = Object.keys(invalid)
  return new WpError('rest_invalid_param', `Invalid parameter(s): ${names.join(', ')}`, 400, {
    params: Object.fromEntries(names.map((n) => [n, invalid[n]!.message])),
    details: Object.fromEntries(names.map((n) => [n, { code: invalid[n]!.code, message: invalid[n]!.message, data: { param: invalid[n]!.param } }])),
  })
}

/** One bad parameter found after validation (a domain rule), reported the way WordPress reports a bad argument. */
export const invalidParam = (param: string, message: string, code = 'rest_invalid_param') =>
  invalidParams({ invalid: { [param]: { code, message, param } }, missing: [] })

/** How a route names the errors WordPress gives for its resource. */
export interface ErrorVocabulary {
  /** `post_not_found` → `rest_post_invalid_id` "Invalid post ID." */
  notFound?: Record<string, [code: string, message: string]>
  /** The code when the domain refuses for lack of a capability (`rest_cannot_create`), and WordPress's message. */
  forbidden?: [code: string, message: string]
  /** Domain codes with a WordPress name of their own (`comments_closed` → `rest_comment_closed`). */
  codes?: Record<string, string | [code: string, status: number]>
  /** Refusals for a particular capability (`publish_posts` → `rest_cannot_publish`). */
  byCapability?: Record<string, string>
  /** Domain `invalid` codes that are about one request parameter: reported as rest_invalid_param for it. */
  params?: Record<string, string>
}

/** Any thrown error as a WpError: domain errors keep their message and get WordPress's code and status. */
export function toWpError(err: unknown, actor: Actor, vocabulary: ErrorVocabulary = {}): WpError {
  if (isWpError(err)) return err
  if (isDomainError(err)) {
    const status = STATUS[err.kind]
    if (err.kind === 'not_found' && vocabulary.notFound?.[err.code]) {
      const [code, message] = vocabulary.notFound[err.code]!
      return new WpError(code, message, 404)
    }
    const named = vocabulary.codes?.[err.code]
    if (Array.isArray(named)) return new WpError(named[0], err.message, named[1])
    if (named) return new WpError(named, err.message, err.kind === 'forbidden' || err.kind === 'unauthenticated' ? authStatus(actor) : status)
    const capability = typeof err.details.capability === 'string' ? err.details.capability : ''
    if ((err.kind === 'forbidden' || err.kind === 'unauthenticated') && vocabulary.byCapability?.[capability]) {
      return new WpError(vocabulary.byCapability[capability]!, err.message, authStatus(actor))
    }
    if (err.kind === 'forbidden' || err.kind === 'unauthenticated') {
      const [code, message] = vocabulary.forbidden ?? ['rest_forbidden', 'Sorry, you are not allowed to do that.']
      // The domain's message says what exactly is missing; WordPress's generic one is kept for plain refusals.
      return new WpError(code, err.code === 'not_signed_in' ? message : err.message, authStatus(actor))
    }
    if (err.kind === 'invalid' && vocabulary.params?.[err.code]) return invalidParam(vocabulary.params[err.code]!, err.message)
    return new WpError(err.code, err.message, status)
  }
  const fe = err as { statusCode?: number; code?: string; message?: string }
  if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.code === 'FST_REQ_FILE_TOO_LARGE' || fe.statusCode === 413) {
    return new WpError('rest_upload_file_too_big', 'The request body is larger than this site accepts.', 413)
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return new WpError('rest_invalid_request', fe.message ?? 'Bad request.', fe.statusCode)
  return new WpError('internal_server_error', 'Something went wrong on our side. It has been logged.', 500)
}
