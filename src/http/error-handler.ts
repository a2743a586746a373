import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import { type ErrorKind, isDomainError } from '../shared/errors.js'
import { escapeHtml } from '../shared/html.js'

export const STATUS: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
}

export interface Problem {
  status: number
  code: string
  message: string
  details: Record<string, unknown>
}

/** One mapping from any thrown error to what a client may see: unknown errors carry no message. */
export function toProblem(err: unknown): Problem {
  if (isDomainError(err)) return { status: STATUS[err.kind], code: err.code, message: err.message, details: err.details }
  const fe = err as FastifyError
  if (fe.validation) return { status: 400, code: 'invalid_param', message: fe.message, details: {} }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    return { status: fe.statusCode, code: (fe.code ?? 'bad_request').toLowerCase(), message: fe.message, details: {} }
  }
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side. It has been logged.', details: {} }
}

const wantsJson = (req: FastifyRequest) => req.url.startsWith('/wp-json') || req.url.startsWith('/healthz') || (req.headers.accept ?? '').startsWith('application/json')

/** Renders problems as WordPress-style JSON for APIs and as a small page for people. */
export function errorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = toProblem(err)
  if (problem.status >= 500) req.log.error({ err, reqId: req.id }, 'request failed')
  reply.status(problem.status)
  if (wantsJson(req)) return reply.send({ code: problem.code, message: problem.message, data: { status: problem.status, ...problem.details } })
  return reply.type('text/html; charset=utf-8').send(errorPage(problem.status, problem.message))
}

export function errorPage(status: number, message: string): string {
  const title = status === 404 ? 'Page not found' : status >= 500 ? 'Something went wrong' : 'That did not work'
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font:17px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1a1a1a}a{color:#0b57d0}</style></head>
<body><main><h1>${title}</h1><p>${escapeHtml(message)}</p><p><a href="/">Go to the home page</a></p></main></body></html>`
}
