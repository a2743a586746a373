import type {} from '@fastify/cookie'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { Services } from '../services.js'
import { type Actor, anonymousActor, type User, userActor } from '../users/index.js'

export const SESSION_COOKIE = 'pressroom_session'

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is asking: resolved lazily, so pages read by anonymous visitors cost no query. */
    currentUser(): Promise<User | null>
    actor(): Promise<Actor>
  }
}

/** Teaches every request who is asking, from the session cookie. */
export function registerActor(app: FastifyInstance, services: Pick<Services, 'sessions'>): void {
  app.decorateRequest('currentUser', function currentUser(this: FastifyRequest) {
    const token = this.cookies[SESSION_COOKIE]
    if (!token) return Promise.resolve(null)
    const cache = this as unknown as { userPromise?: Promise<User | null> }
    cache.userPromise ??= services.sessions.resolve(token)
    return cache.userPromise
  })
  app.decorateRequest('actor', async function actor(this: FastifyRequest) {
    const user = await this.currentUser()
    return user ? userActor(user) : anonymousActor
  })
}
