import type {} from '@fastify/cookie'
import { createHmac, timingSafeEqual } from 'node:crypto'
import type { FastifyRequest } from 'fastify'
import type { Services } from '../services.js'
import { DomainError } from '../shared/errors.js'
import { type Actor, anonymousActor, createLoginThrottle, userActor } from '../users/index.js'
import { SESSION_COOKIE } from './actor.js'

const TICK_MS = 12 * 60 * 60 * 1000

/**
 * WordPress's `wp_rest` nonce, bound to one sign-in session: an HMAC keyed by the session's secret token, so only
 * pages of that session can know it and every app server computes the same. Valid for 12–24 hours.
 */
export function restNonce(sessionToken: string, now: Date, tickOffset = 0): string {
  const tick = Math.ceil(now.getTime() / TICK_MS) - tickOffset
  return createHmac('sha256', sessionToken).update(`wp_rest|${tick}`).digest('hex').slice(0, 10)
}

export function verifyRestNonce(sessionToken: string, nonce: string, now: Date): boolean {
  const sent = Buffer.from(nonce)
  return [0, 1].some((offset) => {
    const expected = Buffer.from(restNonce(sessionToken, now, offset))
    return sent.length === expected.length && timingSafeEqual(sent, expected)
  })
}

/** An error the REST layer turns into WordPress's `{code, message, data: {status}}`. */
export class RestAuthError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message)
  }
}

export type AuthVia = 'application-password' | 'cookie' | null

/**
 * Who is asking the REST API: HTTP Basic with an application password (failures throttled like sign-ins), or the
 * session cookie — which counts only with a valid `X-WP-Nonce` (or `_wpnonce`), as in WordPress, so that another
 * site cannot make a signed-in browser act through the API.
 */
export function createRestAuth(services: Pick<Services, 'appPasswords' | 'clock'>) {
  const throttle = createLoginThrottle(services.clock)

  async function authenticate(req: FastifyRequest, nonce: string | undefined): Promise<{ actor: Actor; via: AuthVia }> {
    const header = req.headers.authorization
    if (header && /^basic\s/i.test(header)) {
      const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const login = colon < 0 ? decoded : decoded.slice(0, colon)
      const password = colon < 0 ? '' : decoded.slice(colon + 1)
      try {
        throttle.check(login, req.ip)
      } catch (err) {
        if (err instanceof DomainError) throw new RestAuthError(err.code, err.message, 429)
        throw err
      }
      const user = login && password ? await services.appPasswords.authenticate(login, password, req.ip) : null
      if (!user) {
        throttle.fail(login, req.ip)
        throw new RestAuthError('incorrect_password', 'The provided password is an invalid application password.', 401)
      }
      throttle.succeed(login)
      return { actor: userActor(user), via: 'application-password' }
    }
    const token = req.cookies[SESSION_COOKIE]
    if (!token) return { actor: anonymousActor, via: null }
    const user = await req.currentUser()
    // A signed-in browser without a nonce is a reader, as WordPress treats it.
    if (!user || nonce === undefined) return { actor: anonymousActor, via: null }
    if (!verifyRestNonce(token, nonce, services.clock.now())) throw new RestAuthError('rest_cookie_invalid_nonce', 'Cookie check failed', 403)
    return { actor: userActor(user), via: 'cookie' }
  }

  return { authenticate }
}

export type RestAuth = ReturnType<typeof createRestAuth>
