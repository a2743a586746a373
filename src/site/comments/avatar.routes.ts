import { createHash } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { DEFAULT_AVATAR_SVG, identiconSvg, isAvatarHash } from '../../comments/index.js'
import type { Services } from '../../services.js'

export interface AvatarOptions {
  services: Services
  /** Where Gravatar answers (tests point it at a local server). */
  gravatarBase?: string
  /** How long a fetched Gravatar (or its absence) is kept in memory. */
  gravatarTtlMs?: number
}

interface Fetched {
  body: Buffer | null
  type: string
  until: number
}

const MAX_KEPT = 2000
const SVG_HEADERS = {
  'content-type': 'image/svg+xml',
  // Drawn here, with nothing active in it; a browser opening it directly still gets no script and no fetches.
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
}

/**
 * `/avatar/<hash>.svg` (or without `.svg`): a commenter's avatar, drawn here from the salted hash in the page (an identicon). When an
 * administrator turns `avatar_gravatar` on, the site fetches the commenter's Gravatar itself and passes it on, so
 * readers' browsers still never see the email's plain hash nor ask a third party for it.
 */
export const avatarRoutes: FastifyPluginAsync<AvatarOptions> = async (app, { services, gravatarBase = 'https://secure.gravatar.com/avatar/', gravatarTtlMs = 3_600_000 }) => {
  const { comments, settings, clock } = services
  const fetched = new Map<string, Fetched>()

  async function gravatar(hash: string): Promise<Fetched> {
    const now = clock.now().getTime()
    const kept = fetched.get(hash)
    if (kept && kept.until > now) return kept
    const email = await comments.emailForAvatar(hash)
    let result: Fetched = { body: null, type: '', until: now + gravatarTtlMs }
    if (email) {
      const key = createHash('sha256').update(email.trim().toLowerCase()).digest('hex')
      try {
        const res = await fetch(`${gravatarBase}${key}?s=128&d=404&r=g`, { signal: AbortSignal.timeout(3000), redirect: 'error' })
        const type = res.headers.get('content-type') ?? ''
        if (res.ok && /^image\/(png|jpeg|gif|webp)$/.test(type)) result = { body: Buffer.from(await res.arrayBuffer()), type, until: now + gravatarTtlMs }
      } catch {
        result.until = now + 60_000 // unreachable: try again in a minute, meanwhile the identicon
      }
    }
    if (fetched.size >= MAX_KEPT) fetched.delete(fetched.keys().next().value!)
    fetched.set(hash, result)
    return result
  }

  app.get('/avatar/:file', async (req, reply) => {
    const { file } = req.params as { file: string }
    // `<hash>.svg` in pages; the REST API's avatar_urls leave the extension off (and add `?s=`, which an SVG ignores)
    const hash = file.replace(/\.svg$/, '')
    if (hash !== 'default' && !isAvatarHash(hash)) return reply.callNotFound()
    reply.header('cache-control', 'public, max-age=86400')
    if (hash === 'default') return reply.headers(SVG_HEADERS).send(DEFAULT_AVATAR_SVG)
    if ((await settings.all()).avatar_gravatar) {
      const photo = await gravatar(hash)
      if (photo.body) return reply.type(photo.type).send(photo.body)
    }
    return reply.headers(SVG_HEADERS).send(identiconSvg(hash))
  })
}
