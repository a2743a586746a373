import type { FastifyReply, FastifyRequest } from 'fastify'
import { SESSION_COOKIE } from '../http/actor.js'
import { csrfToken } from '../http/csrf.js'
import { restNonce } from '../http/rest-auth.js'
import type { Services } from '../services.js'
import { ROLE_CAPABILITIES, ROLE_NAMES, type User, userActor } from '../users/index.js'

/** What the admin app knows when it starts: is the site set up, who is signed in, and the tokens to act with. */
export interface AdminBoot {
  installed: boolean
  /** The double-submit token for setup and sign-in (before there is a session to bind a nonce to). */
  csrf: string
  site: { title: string; tagline: string; url: string; timezone: string; permalink_structure: string }
  user: AdminUser | null
  /** The `wp_rest` nonce of this session, for the REST API and the admin API (`X-WP-Nonce`). */
  nonce: string | null
}

export interface AdminUser {
  id: number
  name: string
  email: string
  login: string
  role: string
  role_name: string
  capabilities: string[]
}

export function adminUser(user: User): AdminUser {
  const actor = userActor(user)
  const role = actor.kind === 'user' ? actor.role : 'subscriber'
  return {
    id: user.id,
    name: user.display_name,
    email: user.email,
    login: user.login,
    role,
    role_name: ROLE_NAMES[role],
    capabilities: [...ROLE_CAPABILITIES[role]],
  }
}

export function createBoot(services: Pick<Services, 'users' | 'settings' | 'config' | 'clock'>) {
  const secure = services.config.siteUrl.startsWith('https:')

  /** The boot data for this browser; `session` names a session just started, whose cookie the browser lacks yet. */
  async function bootFor(req: FastifyRequest, reply: FastifyReply, session?: { token: string; user: User }): Promise<AdminBoot> {
    const [count, settings] = await Promise.all([services.users.count(), services.settings.all()])
    const token = session?.token ?? req.cookies[SESSION_COOKIE]
    const user = session?.user ?? (token ? await req.currentUser() : null)
    return {
      installed: count > 0,
      csrf: csrfToken(req, reply, secure),
      site: { title: settings.title, tagline: settings.tagline, url: services.config.siteUrl, timezone: settings.timezone, permalink_structure: settings.permalink_structure },
      user: user ? adminUser(user) : null,
      nonce: user && token ? restNonce(token, services.clock.now()) : null,
    }
  }

  return { bootFor, secure }
}
