/**
 * Search and "Read Also" at scale: `node --import tsx bench/search.ts --posts 100000 [--corpus bench|news] [--data DIR]`
 * (DATABASE_URL=postgres://… for PostgreSQL). Builds the corpus through the domain layer (kept in --data, reused
 * when it is there), then times, in process, each query through the search service (ranking, page of 10 rows,
 * snippets) and related posts: computed from scratch, and read back as a post page reads them.
 *
 * Corpora: `bench` is bench/corpus.ts (64 words over every post: every query matches nearly everything, the
 * worst case for ranking); `news` draws from a Zipf-distributed vocabulary of 20,000 words with names and
 * topics, as real articles do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { performance } from 'node:perf_hooks'
import { sql } from 'kysely'
import { openSite } from '../src/boot.js'
import { loadConfig } from '../src/config/index.js'
import type { Services } from '../src/services.js'
import { systemActor } from '../src/users/index.js'
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { importWxr } from '../src/wxr/index.js'
import { cdata, wxrFooter, wxrHeader, wxrItem } from '../test/wxr/wxr-builder.js'
import { generateCorpus, WORDS } from './corpus.js'

const { values: opts } = parseArgs({
  options: {
    posts: { type: 'string', default: '100000' },
    corpus: { type: 'string', default: 'bench' },
    data: { type: 'string' },
    runs: { type: 'string', default: '100' },
    reindex: { type: 'boolean', default: false },
    wxr: { type: 'string' },
  },
})
const posts = Number(opts.posts)
const dialect = process.env.DATABASE_URL ? 'postgres' : 'sqlite'
const dataDir = path.resolve(opts.data ?? path.join(tmpdir(), `pressroom-search-${opts.corpus}-${posts}-${dialect}`))
mkdirSync(dataDir, { recursive: true })
const env = { PRESSROOM_DATA: dataDir, PRESSROOM_LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }

const QUERIES: Record<string, string[]> = {
  bench: ['harbour bridge', 'climate', '"harbour bridge"', 'election -budget', 'stad', 'story 4242', 'topic 17', 'harbour bridge question', 'writer 3 storm', 'xylophone'],
  news: ['harbour bridge', 'climate', '"harbour bridge"', 'election -budget', 'zelensky', 'sao paulo', 'sanctions russia', 'w1234', 'minister', 'xylophone'],
}

function percentiles(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!
  return { p50: round(at(50)), p95: round(at(95)), p99: round(at(99)), max: round(sorted.at(-1)!) }
}
const round = (n: number) => Math.round(n * 100) / 100

/** Wall time, and this process's CPU time (on SQLite the database works in this process too), in ms. */
async function time<T>(work: () => Promise<T>, cpu?: number[]): Promise<[number, T]> {
  const start = performance.now()
  const usage = process.cpuUsage()
  const value = await work()
  const used = process.cpuUsage(usage)
  cpu?.push((used.user + used.system) / 1000)
  return [performance.now() - start, value]
}

/**
 * CPU time PostgreSQL's backends for this database have used so far, in ms (from /proc, on the same machine), or
 * null where that cannot be read. On a shared machine wall times measure the queue for a core as much as the
 * work; CPU time per query is the steadier figure.
 */
async function serverCpuMs(services: Services): Promise<Map<number, number> | null> {
  if (dialect !== 'postgres') return null
  const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity where datname = current_database() and backend_type = 'client backend'`.execute(services.handle.db)
  const used = new Map<number, number>()
  for (const { pid } of rows) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      used.set(pid, (Number(fields[11]) + Number(fields[12])) * 10)
    } catch {
      return null
    }
  }
  return used
}

/**
 * The database's CPU per query between two readings: by backend, so that one the pool opened meanwhile counts
 * from its start and one it closed is left out (its last figures are gone with it), never a difference of sums.
 */
function dbCpuPerQuery(before: Map<number, number> | null, after: Map<number, number> | null, queries: number): { db_cpu_mean?: number } {
  if (!before || !after) return {}
  let used = 0
  for (const [pid, ms] of after) used += ms - (before.get(pid) ?? 0)
  return { db_cpu_mean: round(used / queries) }
}

async function build(services: Services): Promise<void> {
  const { total } = await services.posts.list({ perPage: 1 }, { kind: 'anonymous' })
  if (total > 0 && (await storyCount(services)) >= posts) return console.log(`corpus: ${total} posts already in ${dataDir}`)
  // Lists are computed when first read in this run, not by the background queue while the corpus is written.
  await services.search.close()
  const imported = await services.handle.db.selectFrom('wxr_ids').select('new_id').where('kind', '=', 'post').where('source', '=', THEME_UNIT_TEST).limit(1).executeTakeFirst()
  if (!imported) await themeUnitTest(services)
  const stories = await storyCount(services)
  if (opts.wxr) return importedCorpus(services, path.resolve(opts.wxr), stories)
  if (stories > 0 && opts.corpus === 'bench') return extendBench(services, stories)
  const started = Date.now()
  const progress = (n: number) => process.stdout.write(`\rcorpus: ${n} posts… ${Math.round((Date.now() - started) / 1000)} s`)
  if (opts.corpus === 'news') await newsCorpus(services, progress)
  else await generateCorpus(services, { posts, comments: 20, onProgress: progress })
  console.log(`\rcorpus: ${posts} posts written and indexed in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

const THEME_UNIT_TEST = 'https://wpthemetestdata.wordpress.com'

/** The site starts as the issue says: the Theme Unit Test data, imported as `pressroom import wxr` does. */
async function themeUnitTest(services: Services): Promise<void> {
  const file = path.resolve(import.meta.dirname, '../../shared/fixtures/wxr/themeunittestdata.wordpress.xml')
  const summary = await importWxr(services, file)
  console.log(`Theme Unit Test data: ${summary.posts.imported} posts and pages imported`)
}

/** Posts of the generated corpus already written: those after the Theme Unit Test data (and the seeded site's). */
async function storyCount(services: Services): Promise<number> {
  const { db } = services.handle
  const imported = await db.selectFrom('wxr_ids').select((eb) => eb.fn.max('new_id').as('last')).where('kind', '=', 'post').where('source', '=', THEME_UNIT_TEST).executeTakeFirst()
  const row = await db.selectFrom('posts').select((eb) => eb.fn.countAll<number>().as('n')).where('type', '=', 'post').where('id', '>', Number(imported?.last ?? 0)).executeTakeFirstOrThrow()
  return Number(row.n)
}

/**
 * A `bench` corpus cut short (a run stopped): more posts of the same kind, by the same writers, in the same
 * sections and topics, dated after the newest, through the posts service.
 */
async function extendBench(services: Services, have: number): Promise<void> {
  await services.search.close()
  let seed = 4242 + have
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const authorIds = (await services.users.list(systemActor)).filter((u) => u.email.endsWith('@bench.example')).map((u) => u.id)
  const categoryIds = (await services.terms.list('category')).filter((t) => /^Section \d+$/.test(t.name)).map((t) => t.id)
  const tagIds = (await services.terms.list('post_tag')).filter((t) => /^Topic \d+$/.test(t.name)).map((t) => t.id)
  const { posts: [newest] } = await services.posts.list({ perPage: 1, orderBy: 'id', filters: { search: 'Story' } }, systemActor)
  const from = Date.parse(newest?.published_at ?? new Date().toISOString())
  // Dated between the newest and now, in order: none may be scheduled for the future.
  const step = Math.max(1, Math.min(3_600_000, Math.floor((Date.now() - from) / (posts - have + 1))))
  const started = Date.now()
  for (let i = have; i < posts; i++) {
    const body: string[] = []
    for (let p = 0, count = 8 + Math.floor(rand() * 8); p < count; p++) {
      if (p === 3) body.push(`<h2>${pick(WORDS)} and ${pick(WORDS)}</h2>`)
      const words = Array.from({ length: 60 + Math.floor(rand() * 40) }, () => pick(WORDS)).join(' ')
      body.push(`<p>${words.charAt(0).toUpperCase()}${words.slice(1)}. "Quoted words," they said -- it's true...</p>`)
    }
    await services.posts.create({
      title: `Story ${i + 1}: the ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} question`,
      content: body.join('\n'),
      status: 'publish',
      publishedAt: new Date(from + (i - have + 1) * step),
      authorId: pick(authorIds),
      categories: [pick(categoryIds)],
      tags: [pick(tagIds), pick(tagIds)],
      commentStatus: 'open',
    }, systemActor)
    if ((i + 1) % 1000 === 0) process.stdout.write(`\rcorpus: ${i + 1} posts… ${Math.round((Date.now() - started) / 1000)} s`)
  }
  console.log(`\rcorpus: extended from ${have} to ${posts} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`)
}

/** Posts per WXR file: each file is imported in one transaction, so a run stopped keeps the files imported. */
const WXR_PART = 10_000

/**
 * `--wxr FILE`: the `bench` corpus as WordPress exports of 10,000 posts (FILE-1.xml, FILE-2.xml…, written unless
 * they are there), imported through the import service as a site moving to Pressroom would be (posts, authors,
 * terms, comments; the search index written in bulk, Read Also lists computed when first read). Far faster than
 * a post at a time on PostgreSQL, and the same files give both databases the same corpus.
 */
async function importedCorpus(services: Services, file: string, have: number): Promise<void> {
  const parts = Array.from({ length: Math.ceil(posts / WXR_PART) }, (_, i) => file.replace(/(\.xml)?$/, `-${i + 1}.xml`))
  if (!parts.every((part) => existsSync(part))) await writeBenchWxr(parts)
  const started = Date.now()
  for (const part of parts.slice(Math.floor(have / WXR_PART))) {
    await importWxr(services, part, {
      onProgress: (p) => {
        if (p.done % 1000 === 0) process.stdout.write(`\rcorpus: ${path.basename(part)} ${p.phase} ${p.done}/${p.total || '?'}… ${Math.round((Date.now() - started) / 1000)} s`)
      },
    })
    console.log(`\rcorpus: ${path.basename(part)} imported, ${Math.round((Date.now() - started) / 1000)} s`)
  }
}

/** The same stories as bench/corpus.ts (64 words, 5 writers, 20 sections, 300 topics), as WXR files. */
async function writeBenchWxr(files: string[]): Promise<void> {
  let seed = 42
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const paragraph = (words: number) => {
    const text = Array.from({ length: words }, () => pick(WORDS)).join(' ')
    return `<p>${text.charAt(0).toUpperCase()}${text.slice(1)}. "Quoted words," they said -- it's true...</p>`
  }
  const site = 'https://bench.example'
  const authors = [1, 2, 3, 4, 5].map((n) => `\t<wp:author><wp:author_id>${n + 1}</wp:author_id><wp:author_login>${cdata(`writer${n}`)}</wp:author_login><wp:author_email>${cdata(`writer${n}@bench.example`)}</wp:author_email><wp:author_display_name>${cdata(`Writer ${n}`)}</wp:author_display_name><wp:author_first_name></wp:author_first_name><wp:author_last_name></wp:author_last_name></wp:author>\n`)
  const start = Date.now() - (posts + 1) * 3_600_000
  const wpDate = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  for (const [n, file] of files.entries()) {
    const out = createWriteStream(file)
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, 'drain')
    }
    await write(wxrHeader({ site, extra: authors.join('') }))
    for (let i = n * WXR_PART; i < Math.min(posts, (n + 1) * WXR_PART); i++) {
      const body: string[] = []
      for (let p = 0, count = 8 + Math.floor(rand() * 8); p < count; p++) {
        if (p === 3) body.push(`<h2>${pick(WORDS)} and ${pick(WORDS)}</h2>`)
        if (p === 2 || p === 6) body.push(`<figure class="wp-caption aligncenter"><figcaption class="wp-caption-text">A caption for figure ${p} of story ${i + 1}.</figcaption></figure>`)
        body.push(paragraph(60 + Math.floor(rand() * 40)))
      }
      const section = 1 + Math.floor(rand() * 20)
      const topics = [1 + Math.floor(rand() * 300), 1 + Math.floor(rand() * 300)]
      const date = wpDate(start + i * 3_600_000)
      await write(wxrItem({
        id: i + 1,
        title: `Story ${i + 1}: the ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} question`,
        name: `story-${i + 1}`,
        link: `${site}/?p=${i + 1}`,
        guid: `${site}/?p=${i + 1}`,
        date,
        dateGmt: date,
        creator: `writer${1 + Math.floor(rand() * 5)}`,
        content: body.join('\n'),
        terms: [
          { domain: 'category', slug: `section-${section}`, name: `Section ${section}` },
          ...[...new Set(topics)].map((t) => ({ domain: 'post_tag', slug: `topic-${t}`, name: `Topic ${t}` })),
        ],
        comments: i === posts - 1 ? Array.from({ length: 20 }, (_, c) => ({ id: c + 1, content: paragraph(25).replace(/<\/?p>/g, ''), parent: c % 2 ? c : 0 })) : [],
      }))
    }
    await write(wxrFooter())
    out.end()
    await once(out, 'finish')
  }
}

/** Articles over a Zipf vocabulary: a few words everywhere, most words rare, names and topics per story. */
async function newsCorpus(services: Services, onProgress: (n: number) => void): Promise<void> {
  let seed = 42
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const common = 'the of and to in a is that for on with as was at by said from his her it be are have has new after year people'.split(' ')
  const named = 'harbour bridge climate election budget sanctions russia minister zelensky zelenskyy council hospital strike storm treaty sao paulo'.split(' ')
  const vocab = Array.from({ length: 20_000 }, (_, i) => (i < named.length ? named[i]! : `w${i}`))
  // Zipf: the k-th word has weight 1/k; sampled by inverting the harmonic cumulative sum.
  const cumulative: number[] = []
  vocab.reduce((sum, _, k) => (cumulative[k] = sum + 1 / (k + 1)), 0)
  const total = cumulative.at(-1)!
  const zipf = () => {
    const r = rand() * total
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < r) lo = mid + 1
      else hi = mid
    }
    return vocab[lo]!
  }
  const sentence = () => Array.from({ length: 12 + Math.floor(rand() * 12) }, () => (rand() < 0.45 ? common[Math.floor(rand() * common.length)]! : zipf())).join(' ')
  const start = Date.now() - posts * 3_600_000
  for (let i = 0; i < posts; i++) {
    const paragraphs = Array.from({ length: 6 + Math.floor(rand() * 6) }, () => `<p>${sentence()}. ${sentence()}.</p>`)
    await services.posts.create({
      title: `${zipf()} ${zipf()} ${zipf()} ${zipf()}`,
      content: paragraphs.join('\n'),
      status: 'publish',
      publishedAt: new Date(start + i * 3_600_000),
      categories: [`Section ${1 + Math.floor(rand() * 12)}`],
      tags: [`Topic ${1 + Math.floor(rand() * 400)}`, zipf()],
    }, systemActor)
    if ((i + 1) % 1000 === 0) onProgress(i + 1)
  }
}

async function measure(services: Services) {
  const runs = Number(opts.runs)
  const results: Record<string, unknown> = {}
  for (const query of QUERIES[opts.corpus] ?? QUERIES.bench!) {
    for (let i = 0; i < 5; i++) await services.search.search({ query, snippets: true }, { kind: 'anonymous' })
    const times: number[] = []
    const cpu: number[] = []
    let found = { total: 0, capped: false }
    const serverBefore = await serverCpuMs(services)
    for (let i = 0; i < runs; i++) {
      const [ms, result] = await time(() => services.search.search({ query, snippets: true }, { kind: 'anonymous' }), cpu)
      times.push(ms)
      found = result
    }
    const serverAfter = await serverCpuMs(services)
    const server = dbCpuPerQuery(serverBefore, serverAfter, runs)
    results[`search ${query}`] = { ...percentiles(times), cpu_p50: percentiles(cpu).p50, cpu_p95: percentiles(cpu).p95, ...server, results: `${found.total}${found.capped ? '+' : ''}` }
    console.log(`search ${JSON.stringify(query).padEnd(26)} ${JSON.stringify(results[`search ${query}`])}`)
  }
  const { handle } = services
  const ids = (await handle.db.selectFrom('posts').select('id').where('status', '=', 'publish').where('type', '=', 'post').execute()).map((r) => r.id)
  let s = 99
  const sample = Array.from({ length: runs }, () => ids[(s = (s * 48_271) % 2_147_483_647) % ids.length]!)
  await handle.db.deleteFrom('related_lists').where('post_id', 'in', sample).execute()
  const compute: number[] = []
  const computeCpu: number[] = []
  const read: number[] = []
  const readCpu: number[] = []
  const serverBefore = await serverCpuMs(services)
  for (const id of sample) {
    const [first] = await time(() => services.search.relatedIds(id, 4), computeCpu)
    compute.push(first)
  }
  const serverMid = await serverCpuMs(services)
  for (const id of sample) {
    const [again] = await time(() => services.search.relatedIds(id, 4), readCpu)
    read.push(again)
  }
  const serverAfter = await serverCpuMs(services)
  const dbCpu = (a: Map<number, number> | null, b: Map<number, number> | null) => dbCpuPerQuery(a, b, sample.length)
  results['related: computed'] = { ...percentiles(compute), cpu_p50: percentiles(computeCpu).p50, cpu_p95: percentiles(computeCpu).p95, ...dbCpu(serverBefore, serverMid) }
  results['related: read (post page)'] = { ...percentiles(read), cpu_p50: percentiles(readCpu).p50, cpu_p95: percentiles(readCpu).p95, ...dbCpu(serverMid, serverAfter) }
  console.log(`related computed             ${JSON.stringify(results['related: computed'])}`)
  console.log(`related read (post page)     ${JSON.stringify(results['related: read (post page)'])}`)
  return results
}

/** `--reindex`: the corpus's posts kept, the search index made again (after a change of its tables). */
async function reindex(): Promise<void> {
  const { openDatabase } = await import('../src/db/index.js')
  const handle = openDatabase(loadConfig({ env }).db)
  try {
    for (const table of ['search_docs', 'search_terms', 'search_stats', 'post_related', 'related_lists', 'search_head', 'search_full']) {
      await sql`drop table if exists ${sql.raw(table)}`.execute(handle.db)
    }
    await sql`delete from pressroom_migrations where name in ('0005-search', '0010-search-terms-vector', '0014-related-lists')`.execute(handle.db)
  } finally {
    await handle.close()
  }
  const site = await openSite(loadConfig({ env }), { seed: false })
  const started = Date.now()
  const { indexed } = await site.services.search.rebuild({ onProgress: (n, total) => process.stdout.write(`\rreindex: ${n}/${total}…`) })
  console.log(`\rreindex: ${indexed} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  await site.services.search.close()
  await site.close()
}

if (opts.reindex) await reindex()
const site = await openSite(loadConfig({ env }), { seed: !existsSync(path.join(dataDir, 'pressroom.db')) })
try {
  await build(site.services)
  const measuring = await openSite(loadConfig({ env }), { seed: false })
  try {
    // What autovacuum would have done by now on a live site (it is off on this project's machines): without it
    // the first reads of a freshly written table set hint bits and write pages, and the planner guesses.
    if (dialect === 'postgres') await sql`vacuum analyze`.execute(measuring.services.handle.db)
    console.log(`${dialect}, ${opts.corpus} corpus, ${posts} posts, ${opts.runs} runs each (ms; load average ${loadavg().map((n) => n.toFixed(1)).join(' ')})`)
    const results = await measure(measuring.services)
    mkdirSync('bench/results', { recursive: true })
    const file = `bench/results/search-${dialect}-${opts.corpus}-${posts}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`
    writeFileSync(file, JSON.stringify({ dialect, corpus: opts.corpus, posts, runs: Number(opts.runs), node: process.version, results }, null, 2))
    console.log(`written to ${file}`)
    await measuring.services.search.close()
  } finally {
    await measuring.close()
  }
} finally {
  await site.close()
}
