import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../../../src/server.js'
import type { Services } from '../../../src/services.js'
import { type Actor, type Role, systemActor } from '../../../src/users/index.js'
import { usersByRole } from '../../helpers/actors.js'
import { type DialectName, openTestSite, type TestSite } from '../../helpers/databases.js'
import { type HttpRequest, type HttpResponse, httpRequest } from '../../helpers/http-client.js'
import { freePort } from '../../helpers/server.js'

const FIXTURES = path.resolve(process.env.PRESSROOM_FIXTURES ?? '../shared/fixtures', 'wp-rest')

/** Whether WordPress's reference responses are here; in CI they must be. */
export function haveFixtures(): boolean {
  if (existsSync(path.join(FIXTURES, 'index.json'))) return true
  if (process.env.CI === 'true') throw new Error(`CI=true but the WordPress REST fixtures are missing at ${FIXTURES} (set PRESSROOM_FIXTURES).`)
  return false
}

export const fixture = <T = any>(name: string): T => JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T
export const fixtureText = (name: string) => readFileSync(path.join(FIXTURES, name), 'utf8')

export interface ApiUser {
  id: number
  actor: Actor
  login: string
  /** `Authorization: Basic …` with an application password of this user. */
  auth: string
}

export interface TestApi {
  app: FastifyInstance
  site: TestSite
  services: Services
  users: Record<Role, ApiUser>
  /** The listening server's address, `http://127.0.0.1:port` (the site's URL too). */
  url: string
  /** A request over a real connection to the server, exactly as given. */
  request(opts: HttpRequest | string): Promise<HttpResponse>
  /** A request as `role` (or anonymous), through HTTP Basic with an application password. */
  as(role: Role | 'anonymous', opts: HttpRequest): Promise<HttpResponse>
  close(): Promise<void>
}

/**
 * A seeded site with one user per role (each with an application password) and the HTTP app over it, listening on
 * 127.0.0.1 (the port is chosen first, so the site's URL is the server's).
 */
export async function openApi(dialect: DialectName): Promise<TestApi> {
  const port = await freePort()
  const site = await openTestSite(dialect, { seed: true, env: { PORT: String(port) } })
  const services = site.services
  const app = await buildApp(services)
  await app.listen({ host: '127.0.0.1', port })
  const url = `http://127.0.0.1:${port}`
  const byRole = await usersByRole(services)
  const users = {} as Record<Role, ApiUser>
  for (const [role, { id, actor }] of Object.entries(byRole) as [Role, { id: number; actor: Actor }][]) {
    const user = await services.users.get(id)
    const { password } = await services.appPasswords.create(id, 'tests', systemActor)
    users[role] = { id, actor, login: user.login, auth: `Basic ${Buffer.from(`${user.login}:${password}`).toString('base64')}` }
  }
  return {
    app,
    site,
    services,
    users,
    url,
    request: (opts) => httpRequest(url, opts),
    as: (role, opts) => httpRequest(url, { ...opts, headers: { ...(opts.headers ?? {}), ...(role === 'anonymous' ? {} : { authorization: users[role].auth }) } }),
    close: async () => {
      await app.close()
      await site.close()
    },
  }
}

/** Ids, dates and links replaced, so two responses compare by shape. */
export function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalize(v)]))
  if (typeof value === 'number') return 0
  if (typeof value === 'string') {
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/.test(value)) return '<date>'
    if (/^https?:\/\//.test(value)) return '<url>'
    return '<string>'
  }
  return value
}

/** The shape of a JSON value: keys and types, recursively (arrays by their first element). */
export function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.length ? [shapeOf(value[0])] : []
  if (value === null) return 'null'
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, shapeOf(v)]))
  return typeof value
}
