import { execFile } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { generateCorpus } from '../../bench/corpus.js'
import { BENCH_COMMENTERS_DOMAIN, checkFreshAfterEdit, type CorpusClaim, measure, verifyCorpus } from '../../bench/harness.js'
import { openSite } from '../../src/boot.js'
import { loadConfig } from '../../src/config/index.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, openTestSite, tempDataDir, type TestSite } from '../helpers/databases.js'
import { freePort, startTestServer, type TestServer } from '../helpers/server.js'

/**
 * The benchmark is tested for correctness, never for speed: it refuses pages that do not answer 2xx, a cached
 * page still stale after an edit, and a corpus that is not what it claims; and a whole run, compared with a
 * second Pressroom, prints every figure and the ratios.
 */
const SMALL: CorpusClaim = { posts: 12, categories: 6, tags: 10, authors: 2, comments: 40 }

describe.each(DIALECTS)('the benchmark corpus on %s', (dialect) => {
  let site: TestSite
  let corpus: Awaited<ReturnType<typeof generateCorpus>>
  beforeAll(async () => {
    site = await openTestSite(dialect, { seed: true })
    corpus = await generateCorpus(site.services, SMALL)
    await site.services.search.computeStaleRelated()
    await site.services.search.idle()
  }, 120_000)
  afterAll(() => site?.close())

  test('is what it claims: posts, comments, categories with parents, tags, authors, a featured post with 20 comments in threads', async () => {
    await expect(verifyCorpus(site.services, SMALL, corpus)).resolves.toBeUndefined()
  })

  test('is refused when it holds fewer posts, tags or comments than it claims', async () => {
    await expect(verifyCorpus(site.services, { ...SMALL, posts: 13 }, corpus)).rejects.toThrow(/12 \+ 1 published posts, not the 13 \+ 1|13 published posts, not the 13 \+ 1/)
    await expect(verifyCorpus(site.services, { ...SMALL, tags: 11 }, corpus)).rejects.toThrow(/10 tags, not 11/)
    const [one] = await site.services.comments.approvedFor(corpus.featuredPostId)
    await site.services.comments.setStatus(one!.id, 'pending', systemActor)
    try {
      await expect(verifyCorpus(site.services, SMALL, corpus)).rejects.toThrow(/the featured post has 19 approved comments/)
    } finally {
      await site.services.comments.setStatus(one!.id, 'approved', systemActor)
    }
    await expect(verifyCorpus(site.services, SMALL, corpus)).resolves.toBeUndefined()
  })
})

describe.each(DIALECTS)('the benchmark against a running server on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
  })
  afterAll(() => server?.close())

  test('refuses to measure a page that does not answer 2xx', async () => {
    await expect(measure(`${server.url}/no-such-page/`, { connections: 1, duration: 1, what: 'a missing page' })).rejects.toThrow(/a missing page .* answered 404/)
  })

  test('sees an edit made by another process on a cached page', async () => {
    const post = await server.services.posts.create({ title: 'Original title', status: 'publish' }, systemActor)
    const postPath = new URL(await server.services.permalinks.linkFor(post)).pathname
    const env: Record<string, string> = { PRESSROOM_DATA: server.dataDir, PRESSROOM_LOG_LEVEL: 'silent' }
    if (dialect === 'postgres') env.DATABASE_URL = (server.services.config.db as { url: string }).url
    await checkFreshAfterEdit({ env, base: server.url, postId: post.id, postPath, timeoutMs: 10_000 })
  })
})

describe('the benchmark', () => {
  test('fails when a cached page stays stale after an edit', async () => {
    // The server never hears of the edit: it is made to a copy of the database the server does not read.
    const server = await startTestServer('sqlite')
    const copy = tempDataDir()
    try {
      const post = await server.services.posts.create({ title: 'Original title', status: 'publish' }, systemActor)
      const postPath = new URL(await server.services.permalinks.linkFor(post)).pathname
      await server.services.handle.dialect.backup!(path.join(copy.dir, 'pressroom.db'))
      await expect(checkFreshAfterEdit({ env: { PRESSROOM_DATA: copy.dir, PRESSROOM_LOG_LEVEL: 'silent' }, base: server.url, postId: post.id, postPath, timeoutMs: 1500 }))
        .rejects.toThrow(/still showed the old title/)
      expect(await (await fetch(server.url + postPath)).text()).toContain('Original title')
    } finally {
      copy.cleanup()
      await server.close()
    }
  })

  test('a whole run, compared with a second Pressroom holding the same corpus, prints every figure and the ratios', async () => {
    const other = await startTestServer('sqlite')
    try {
      // The corpus is deterministic: the second site gets the same paths (a run on one day).
      await generateCorpus(other.services, { posts: 20 })
      await other.services.search.computeStaleRelated()
      const port = await freePort()
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', 'bench/bench.ts', '--posts', '20', '--duration', '1', '--connections', '2', '--port', String(port), '--source', '--compare', other.url],
        { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, DATABASE_URL: '' }, timeout: 400_000, maxBuffer: 1 << 24 },
      )
      expect(stdout).toMatch(/corpus: 20 posts, 60 comments, 20 categories, 300 tags, 5 authors made and checked in [\d.]+ s/)
      expect(stdout).toMatch(/page cache on: start-up \d+ ms, peak RSS \d+ MB/)
      const file = /results: (bench\/results\/\S+\.json)/.exec(stdout)![1]!
      const results = JSON.parse(readFileSync(path.resolve(import.meta.dirname, '../..', file), 'utf8')) as {
        rows: { name: string; cache: string; errors: number; requestsPerSec: number; cpuMsPerRequest: number; ceiling?: { requestsPerSec: number }; compared?: { requestsPerSec?: number; error?: string } }[]
      }
      const names = ['home', 'home page 2', 'post (20 comments)', 'category archive', 'tag archive', 'date archive', 'search', 'feed', 'sitemap', 'REST posts list', 'REST post _embed', 'comment submission']
      for (const cache of ['on', 'off']) expect(results.rows.filter((r) => r.cache === cache).map((r) => r.name)).toEqual(names)
      for (const row of results.rows) {
        expect(row.errors, row.name).toBe(0)
        expect(row.requestsPerSec, row.name).toBeGreaterThan(0)
        expect(row.cpuMsPerRequest, row.name).toBeGreaterThan(0)
        // every page kind answered on the compared site too, and got its ratio (comments are posted to ours only)
        if (row.name === 'comment submission') continue
        expect(row.compared?.error, row.name).toBeUndefined()
        expect(row.compared?.requestsPerSec, row.name).toBeGreaterThan(0)
      }
      // cached HTML and XML pages are set against the ceiling sending their bytes; the REST API and comments are not page-cached
      expect(results.rows.filter((r) => r.ceiling).map((r) => r.name)).toEqual(names.filter((n) => !n.startsWith('REST') && n !== 'comment submission'))
      expect(stdout).toMatch(/post \(20 comments\)\s+on\s+.*\d+%\s+\d+\s+\d+\.\d×/)
    } finally {
      await other.close()
    }
  }, 420_000)

  test('--data keeps the corpus, checks it and measures it again; a different --posts is refused', async () => {
    const data = tempDataDir()
    try {
      const run = async (posts: number, only = 'sitemap') => {
        const port = await freePort()
        return promisify(execFile)(
          process.execPath,
          ['--import', 'tsx', 'bench/bench.ts', '--posts', String(posts), '--duration', '1', '--connections', '2', '--port', String(port), '--source', '--only', only, '--data', data.dir],
          { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, DATABASE_URL: '' }, timeout: 200_000, maxBuffer: 1 << 24 },
        )
      }
      const first = await run(20)
      expect(first.stdout).toMatch(/corpus: 20 posts, .* made and checked in [\d.]+ s/)
      expect(first.stdout).toContain(`data kept in ${data.dir}`)
      const described = JSON.parse(readFileSync(path.join(data.dir, 'bench-corpus.json'), 'utf8')) as { claim: CorpusClaim; corpus: { postIds: number[] } }
      expect(described.claim.posts).toBe(20)
      expect(described.corpus.postIds).toHaveLength(20)
      const again = await run(20)
      expect(again.stdout).toContain(`corpus: 20 posts, 60 comments, 20 categories, 300 tags, 5 authors from ${data.dir}, checked in`)
      expect(again.stdout).toMatch(/sitemap\s+off\s+\d+/)
      const other = await run(21).catch((err: { stderr: string }) => err)
      expect((other as { stderr: string }).stderr).toContain(`holds a corpus of 20 posts, not 21`)
      // Comments are posted (each a 303 back to the post), then deleted; the per-address limits are put back.
      const comments = await run(20, 'comment submission')
      expect(comments.stdout).toMatch(/comment submission\s+on\s+\d+\s+\d+\s+\d+\s+0\s/)
      expect(comments.stdout).toMatch(/comment submission\s+off\s+\d+\s+\d+\s+\d+\s+0\s/)
      const site = await openSite(loadConfig({ env: { PRESSROOM_DATA: data.dir, PRESSROOM_LOG_LEVEL: 'silent' } }))
      try {
        expect(await site.services.handle.db.selectFrom('comments').select('id').where('author_email', 'like', `%@${BENCH_COMMENTERS_DOMAIN}`).execute()).toEqual([])
        expect(await site.services.settings.get('comment_flood_seconds')).toBe(15)
        expect(await site.services.settings.get('comment_rate_per_hour')).toBe(30)
      } finally {
        await site.close()
      }
    } finally {
      data.cleanup()
    }
  }, 420_000)
})
