import { AsyncLocalStorage } from 'node:async_hooks'
import { subscribe } from 'node:diagnostics_channel'
import SqliteDatabase from 'better-sqlite3'
import pg from 'pg'

/** The SQL one HTTP request sent to the database, in order. */
export interface RequestQueries {
  readonly url: string
  readonly sql: string[]
}

const current = new AsyncLocalStorage<RequestQueries>()
const requests: RequestQueries[] = []
let installed = false

/**
 * Counts the SQL each request to an in-process server sends, on both drivers: every statement better-sqlite3 runs
 * and every query a pg client sends is recorded against the request being served. The request is known through
 * Node's `http.server.request.start` channel, published just before the server's request handler runs, so work
 * the request starts (awaits, pool callbacks) carries it, and background work (timers, the search module's
 * refresh) carries none and is not counted.
 */
export function installQueryCounter(): void {
  if (installed) return
  installed = true
  subscribe('http.server.request.start', (message) => {
    const { request } = message as { request: { url?: string } }
    const record: RequestQueries = { url: request.url ?? '', sql: [] }
    requests.push(record)
    current.enterWith(record)
  })
  const probe = new SqliteDatabase(':memory:')
  const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>
  probe.close()
  for (const method of ['all', 'get', 'run', 'iterate']) {
    const original = statement[method]!
    statement[method] = function (this: { source: string }, ...args: unknown[]) {
      current.getStore()?.sql.push(this.source)
      return original.apply(this, args)
    }
  }
  const client = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown }
  const query = client.query
  client.query = function (this: unknown, ...args: unknown[]) {
    const [first] = args
    current.getStore()?.sql.push(typeof first === 'string' ? first : String((first as { text?: string } | undefined)?.text ?? 'cursor'))
    return query.apply(this, args)
  }
}

/** Fetches `url` (which must answer 2xx) and returns the SQL its request sent. */
export async function queriesFor(url: string, init?: RequestInit): Promise<string[]> {
  const before = requests.length
  const res = await fetch(url, init)
  await res.arrayBuffer()
  if (!res.ok) throw new Error(`${url} answered ${res.status}`)
  const path = new URL(url).pathname + new URL(url).search
  const mine = requests.slice(before).filter((r) => r.url === path)
  if (mine.length !== 1) throw new Error(`expected one request for ${path}, saw ${mine.length}`)
  requests.length = 0
  return mine[0]!.sql
}
