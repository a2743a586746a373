import path from 'node:path'
import pg from 'pg'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../../src/boot.js'
import { type DatabaseHandle, migrateToLatest, openDatabase } from '../../../src/db/index.js'
import { startCacheInvalidation } from '../../../src/site/cache/invalidation.js'
import { createPageCache } from '../../../src/site/cache/page-cache.js'
import { createPurgeBroadcast } from '../../../src/site/cache/purge-broadcast.js'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS, freshPostgresUrl, tempDataDir, testConfig } from '../../helpers/databases.js'

/** Polls until `check` holds (or fails the test after a few seconds): no blind sleeps for what must happen. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
/** Only for what must NOT happen: give the watcher several chances to get it wrong. */
const severalPolls = () => new Promise((resolve) => setTimeout(resolve, 200))
const POLL_MS = 20
const page = (tags: string[]) => ({ type: 'text/html', body: `<p>${tags.join(' ')}</p>`, tags })

const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

describe('SQLite: writes by another process on the same file', () => {
  function twoConnections(): { server: DatabaseHandle; cli: DatabaseHandle } {
    const { dir, cleanup } = tempDataDir()
    const file = path.join(dir, 'pressroom.db')
    const server = openDatabase({ dialect: 'sqlite', file })
    const cli = openDatabase({ dialect: 'sqlite', file })
    cleanups.push(cleanup, () => server.close(), () => cli.close())
    return { server, cli }
  }

  test("a commit through a second connection fires the first one's watcher; its own commits do not", async () => {
    const { server, cli } = twoConnections()
    await migrateToLatest(server)
    const changes: (string | null)[] = []
    const watch = server.dialect.watchExternalChanges!({ onChange: (m) => changes.push(m) }, { pollMs: POLL_MS })
    await watch.ready
    await server.db.insertInto('settings').values({ key: 'title', value: '"Mine"' }).execute()
    await severalPolls()
    expect(changes).toEqual([])

    await cli.db.insertInto('settings').values({ key: 'tagline', value: '"Theirs"' }).execute()
    await waitFor(() => changes.length > 0, 'the watcher to see the other connection commit')
    expect(changes).toEqual([null])

    await watch.close()
    await cli.db.updateTable('settings').set({ value: '"Later"' }).where('key', '=', 'tagline').execute()
    await severalPolls()
    expect(changes).toEqual([null]) // closed: no more polling
  })

  test('the broadcast turns such a write into a purge of everything; publishing has nobody to tell', async () => {
    const { server, cli } = twoConnections()
    await migrateToLatest(server)
    const purged: (readonly string[])[] = []
    const broadcast = createPurgeBroadcast({ dialect: server.dialect, onPurge: (tags) => purged.push(tags), pollMs: POLL_MS })
    cleanups.push(() => broadcast.close())
    await broadcast.ready
    await broadcast.publish(['post:1'])
    await cli.db.insertInto('settings').values({ key: 'title', value: '"From the CLI"' }).execute()
    await waitFor(() => purged.length > 0, 'a purge')
    expect(purged).toEqual([['all']])
  })

  test('a site written by the CLI drops its cached pages and settings; its own writes purge only their tags', async () => {
    const { dir, cleanup } = tempDataDir()
    const config = await testConfig('sqlite', dir)
    const server = await openSite(config, { seed: false })
    const cliSite = await openSite(config, { seed: false })
    const cache = createPageCache()
    const invalidation = startCacheInvalidation({ events: server.services.events, dialect: server.services.handle.dialect, cache, settings: server.services.settings, pollMs: POLL_MS })
    cleanups.push(cleanup, () => server.close(), () => cliSite.close(), () => invalidation.close())
    await invalidation.ready

    const draft = await server.services.posts.create({ title: 'Bridge', content: '<p>Soon.</p>' }, systemActor)
    cache.set(`/bridge/`, page([`post:${draft.id}`]))
    cache.set('/', page(['lists']))
    cache.set('/other/', page(['post:999']))
    await server.services.posts.publish(draft.id, systemActor)
    expect(cache.get('/bridge/')).toBeUndefined()
    expect(cache.get('/')).toBeUndefined()
    await severalPolls()
    expect(cache.get('/other/')).toBeDefined() // the server's own commit is not mistaken for another process's

    expect((await server.services.settings.all()).title).toBe('Pressroom')
    await cliSite.services.settings.update({ title: 'Renamed by the CLI' }, systemActor)
    await waitFor(() => cache.stats().entries === 0, 'the CLI write to purge the cache')
    expect((await server.services.settings.all()).title).toBe('Renamed by the CLI')
  })
})

describe.skipIf(!DIALECTS.includes('postgres'))('PostgreSQL: purges between app servers', () => {
  let url: string
  let a: DatabaseHandle
  let b: DatabaseHandle

  beforeAll(async () => {
    url = await freshPostgresUrl()
    a = openDatabase({ dialect: 'postgres', url, poolSize: 2 })
    b = openDatabase({ dialect: 'postgres', url, poolSize: 2 })
  })
  afterAll(async () => {
    await a?.close()
    await b?.close()
  })

  function broadcasters(first = a, second = b) {
    const heardByA: (readonly string[])[] = []
    const heardByB: (readonly string[])[] = []
    const errors: unknown[] = []
    const onError = (err: unknown) => errors.push(err)
    const one = createPurgeBroadcast({ dialect: first.dialect, onPurge: (tags) => heardByA.push(tags), onError })
    const two = createPurgeBroadcast({ dialect: second.dialect, onPurge: (tags) => heardByB.push(tags), onError })
    cleanups.push(() => one.close(), () => two.close())
    return { one, two, heardByA, heardByB, errors }
  }

  /** The listening connections of this schema's servers. */
  async function listeners(handle: DatabaseHandle): Promise<number[]> {
    const { rows } = await (await import('kysely')).sql<{ pid: number }>`
      select pid from pg_stat_activity
      where datname = current_database() and query ilike 'listen %' and query like '%' || current_schema() || '%'`.execute(handle.db)
    return rows.map((r) => r.pid)
  }

  test('a purge published by one server reaches the other, and not itself', async () => {
    const { one, two, heardByA, heardByB, errors } = broadcasters()
    await Promise.all([one.ready, two.ready])
    await one.publish(['post:42', 'lists'])
    await waitFor(() => heardByB.length > 0, 'server B to hear the purge')
    expect(heardByB).toEqual([['post:42', 'lists']])
    await two.publish(['comments-feed'])
    await waitFor(() => heardByA.length > 0, 'server A to hear the purge')
    expect(heardByA).toEqual([['comments-feed']])
    expect(heardByB).toEqual([['post:42', 'lists']]) // B did not hear its own
    expect(errors).toEqual([])
  })

  test('a burst of purges is merged into few messages; a list too long for NOTIFY becomes all', async () => {
    const { one, two, heardByB } = broadcasters()
    await Promise.all([one.ready, two.ready])
    await Promise.all(Array.from({ length: 50 }, (_, i) => one.publish([`post:${i}`])))
    await waitFor(() => new Set(heardByB.flat()).size === 50, 'every tag of the burst')
    expect(heardByB.length).toBeLessThan(50)
    heardByB.length = 0
    await one.publish(Array.from({ length: 2000 }, (_, i) => `post:${i + 1000}`))
    await waitFor(() => heardByB.length > 0, 'the long purge')
    expect(heardByB).toEqual([['all']])
  })

  test('a lost listening connection comes back and says purges may have been missed', async () => {
    const own = await freshPostgresUrl()
    const writer = openDatabase({ dialect: 'postgres', url: own, poolSize: 1 })
    const reader = openDatabase({ dialect: 'postgres', url: own, poolSize: 1 })
    cleanups.push(() => writer.close(), () => reader.close())
    const heard: (readonly string[])[] = []
    const errors: unknown[] = []
    const sender = createPurgeBroadcast({ dialect: writer.dialect, listen: false, onPurge: () => {} })
    const receiver = createPurgeBroadcast({ dialect: reader.dialect, onPurge: (tags) => heard.push(tags), onError: (err) => errors.push(err) })
    cleanups.push(() => sender.close(), () => receiver.close())
    await receiver.ready
    const [pid] = await listeners(writer)
    expect(pid).toBeTypeOf('number')
    await (await import('kysely')).sql`select pg_terminate_backend(${pid})`.execute(writer.db)
    await waitFor(() => heard.some((tags) => tags.includes('all')), 'the reconnect to purge all')
    expect(errors.length).toBeGreaterThan(0)
    const [again] = await listeners(writer)
    expect(again).not.toBe(pid)
    await sender.publish(['post:7'])
    await waitFor(() => heard.some((tags) => tags.includes('post:7')), 'a purge after the reconnect')
  })

  test('close() leaves no listening connection behind', async () => {
    const own = await freshPostgresUrl()
    const handle = openDatabase({ dialect: 'postgres', url: own, poolSize: 1 })
    cleanups.push(() => handle.close())
    const broadcast = createPurgeBroadcast({ dialect: handle.dialect, onPurge: () => {} })
    await broadcast.ready
    expect(await listeners(handle)).toHaveLength(1)
    await broadcast.close()
    await waitFor(async () => (await listeners(handle)).length === 0, 'the listener to go')
    await broadcast.publish(['post:1']) // after close: a no-op, not an error
  })

  test('two app servers on one database: a write on one purges the other’s pages and forgets its settings', async () => {
    const { dir, cleanup } = tempDataDir()
    const config = await testConfig('postgres', dir)
    const sites: Site[] = [await openSite(config, { seed: false }), await openSite(config, { seed: false })]
    const [one, two] = sites as [Site, Site]
    const caches = [createPageCache(), createPageCache()]
    const running = sites.map((site, i) =>
      startCacheInvalidation({ events: site.services.events, dialect: site.services.handle.dialect, cache: caches[i], settings: site.services.settings }),
    )
    cleanups.push(cleanup, () => one.close(), () => two.close(), ...running.map((r) => () => r.close()))
    await Promise.all(running.map((r) => r.ready))
    const [cacheOne, cacheTwo] = caches as [ReturnType<typeof createPageCache>, ReturnType<typeof createPageCache>]

    const post = await one.services.posts.create({ title: 'Ferry', content: '<p>Soon.</p>' }, systemActor)
    for (const cache of caches) {
      cache.set('/ferry/', page([`post:${post.id}`]))
      cache.set('/unrelated/', page(['post:999']))
    }
    await one.services.posts.publish(post.id, systemActor)
    expect(cacheOne.get('/ferry/')).toBeUndefined()
    await waitFor(() => cacheTwo.get('/ferry/') === undefined, 'server two to purge the post')
    expect(cacheTwo.get('/unrelated/')).toBeDefined()

    expect((await two.services.settings.all()).title).toBe('Pressroom')
    await one.services.settings.update({ title: 'One newsroom' }, systemActor)
    await waitFor(() => cacheTwo.stats().entries === 0, 'server two to purge everything')
    expect((await two.services.settings.all()).title).toBe('One newsroom')
  })
})

test('a process without a way to reach others publishes nothing and hears nothing', async () => {
  const purged: (readonly string[])[] = []
  const broadcast = createPurgeBroadcast({ dialect: {}, onPurge: (tags) => purged.push(tags) })
  await broadcast.ready
  await broadcast.publish(['all'])
  await broadcast.close()
  expect(purged).toEqual([])
})

test('an unreadable message purges everything and is reported', async () => {
  let deliver!: (message: string | null) => void
  const purged: (readonly string[])[] = []
  const errors: unknown[] = []
  const broadcast = createPurgeBroadcast({
    dialect: {
      watchExternalChanges: (handlers) => {
        deliver = handlers.onChange
        return { ready: Promise.resolve(), close: async () => {} }
      },
    },
    onPurge: (tags) => purged.push(tags),
    onError: (err) => errors.push(err),
  })
  deliver('{"tags":"post:1"}')
  deliver(JSON.stringify({ tags: ['post:3'], origin: 'another-server' }))
  await broadcast.close()
  expect(purged).toEqual([['all'], ['post:3']])
  expect(errors).toHaveLength(1)
})
