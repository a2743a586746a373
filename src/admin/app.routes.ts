import { existsSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify'
import type { Services } from '../services.js'
import { createBoot } from './session.js'

/** Where `vite build` puts the app: the same place seen from `src/admin/` (tests) and `dist/admin/` (built). */
export const ADMIN_APP_DIR = path.resolve(import.meta.dirname, '../../dist/admin-app')

/** Only the app's own files run: no inline script, no other origin, no framing. */
export const ADMIN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "frame-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "object-src 'none'",
].join('; ')

/** Screens a signed-out person may open. */
const PUBLIC_SCREENS = new Set(['/admin/login', '/admin/lost-password', '/admin/reset-password'])

/**
 * Serves the built admin app: hashed assets cached for a year, and one HTML page for every client-side route,
 * never cached, carrying the boot data as JSON (not as script) so the first screen needs no extra request.
 */
export const adminAppRoutes: FastifyPluginAsync<{ services: Services; appDir?: string }> = async (app, { services, appDir = ADMIN_APP_DIR }) => {
  const { bootFor } = createBoot(services)
  const assets = path.join(appDir, 'assets')
  await app.register(fastifyStatic, {
    root: assets,
    prefix: '/admin/assets/',
    decorateReply: false,
    index: false,
    list: false,
    dotfiles: 'deny',
    immutable: true,
    maxAge: '365d',
    // The build writes .br and .gz beside each asset: sent as they are, never compressed per request.
    preCompressed: true,
  })

  let template: { html: string; mtime: number } | null = null
  function shell(): string {
    const file = path.join(appDir, 'index.html')
    if (!existsSync(file)) return NOT_BUILT
    const mtime = statSync(file).mtimeMs
    if (!template || template.mtime !== mtime) template = { html: readFileSync(file, 'utf8'), mtime }
    return template.html
  }

  async function serve(req: FastifyRequest, reply: FastifyReply) {
    const route = (req.url.split('?')[0] ?? '/admin').replace(/\/+$/, '') || '/admin'
    // A missing asset or endpoint is a plain 404, not the app.
    if (route.startsWith('/admin/api/')) return reply.status(404).send({ code: 'rest_no_route', message: 'No such admin endpoint.', data: { status: 404 } })
    if (route.startsWith('/admin/assets/')) return reply.callNotFound()
    const boot = await bootFor(req, reply)
    const target = redirectFor(route, boot.installed, boot.user !== null, req.url)
    if (target) return reply.header('cache-control', 'no-store').redirect(target, 303)
    const json = JSON.stringify(boot).replace(/</g, '\\u003c')
    const html = shell().replace('<!--boot-->', `<script id="pressroom-boot" type="application/json">${json}</script>`)
    return reply
      .header('cache-control', 'no-store')
      .header('content-security-policy', ADMIN_CSP)
      .header('x-frame-options', 'DENY')
      .header('x-robots-tag', 'noindex, nofollow')
      .type('text/html; charset=utf-8')
      .send(html)
  }

  app.get('/admin', serve)
  app.get('/admin/*', serve)
}

/** Server-side redirects, so nobody sees a flash of the wrong screen. */
export function redirectFor(route: string, installed: boolean, signedIn: boolean, url: string): string | null {
  if (!installed) return route === '/admin/setup' ? null : '/admin/setup'
  if (route === '/admin/setup') return '/admin'
  if (PUBLIC_SCREENS.has(route)) return signedIn && route === '/admin/login' ? '/admin' : null
  if (signedIn) return null
  return route === '/admin' ? '/admin/login' : `/admin/login?redirect_to=${encodeURIComponent(url)}`
}

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pressroom admin</title></head><body><main><h1>The admin app is not built</h1>
<p>Run <code>npm run build</code> (or <code>npm install</code>), then reload this page.</p></main><!--boot--></body></html>`
