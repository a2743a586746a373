/**
 * The parts of `npm run bench`, importable so that the benchmark's own test can run them on a small corpus: the
 * corpus and its check, servers (Pressroom and the bare node:http ceiling), one measurement, the freshness check.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import autocannon from 'autocannon'
import { sql } from 'kysely'
import { openSite } from '../src/boot.js'
import { loadConfig } from '../src/config/index.js'
import type { Services } from '../src/services.js'
import { SERVER_NODE_OPTIONS } from '../src/cli/v8-flags.js'
import { startCacheInvalidation } from '../src/site/cache/index.js'
import { HONEYPOT_FIELD, TOKEN_FIELD } from '../src/site/comments/submit.routes.js'
import { systemActor } from '../src/users/index.js'
import { type Corpus, type CorpusOptions, generateCorpus } from './corpus.js'

export const ROOT = path.resolve(import.meta.dirname, '..')
/** What browsers send: pages are measured as readers get them. */
export const ACCEPT_ENCODING = 'br, gzip'
const TICKS_PER_SECOND = 100

export interface Target {
  name: string
  path: string
}

export type SiteEnv = Record<string, string>

export interface CorpusClaim extends Required<Omit<CorpusOptions, 'onProgress'>> {}

/** Defaults of the issue: per post, 3 comments; 20 categories (15 with a parent), 300 tags, 5 authors. */
export function corpusClaim(posts: number): CorpusClaim {
  return { posts, categories: 20, tags: 300, authors: 5, comments: posts * 3 }
}

/** Writes the corpus through the domain layer, checks it is what it claims, and names the pages to measure. */
export async function makeCorpus(env: SiteEnv, claim: CorpusClaim, onProgress?: (n: number) => void): Promise<{ targets: Target[]; corpus: Corpus }> {
  const site = await openSite(loadConfig({ env }))
  try {
    const corpus = await generateCorpus(site.services, { ...claim, onProgress })
    await site.services.search.computeStaleRelated()
    await site.services.search.idle()
    await verifyCorpus(site.services, claim, corpus)
    return { targets: await targetsOf(site.services, corpus), corpus }
  } finally {
    await site.close()
  }
}

/** A corpus made by an earlier run (`--data`): checked again before it is measured. */
export async function reuseCorpus(env: SiteEnv, claim: CorpusClaim, kept: { targets: Target[]; corpus: Corpus }): Promise<{ targets: Target[]; corpus: Corpus }> {
  const site = await openSite(loadConfig({ env }))
  try {
    await verifyCorpus(site.services, claim, kept.corpus)
    return { targets: kept.targets, corpus: kept.corpus }
  } finally {
    await site.close()
  }
}

/**
 * Refuses a corpus that is not what the benchmark says it measures: the number of published posts (plus the
 * welcome post), comments, categories with parents, tags and authors, and a featured post with 20 approved
 * comments in threads, a Read Also list, two figures and a featured image.
 */
export async function verifyCorpus(services: Services, claim: CorpusClaim, corpus: Corpus): Promise<void> {
  const { db } = services.handle
  const problems: string[] = []
  const count = async (table: 'posts' | 'comments' | 'terms' | 'users', where: (q: any) => any) => Number((await where(db.selectFrom(table).select(sql<number>`count(*)`.as('n'))).executeTakeFirstOrThrow()).n)
  const posts = await count('posts', (q) => q.where('type', '=', 'post').where('status', '=', 'publish'))
  if (posts !== claim.posts + 1) problems.push(`${posts} published posts, not the ${claim.posts} + 1 welcome post it claims`)
  const comments = await count('comments', (q) => q.where('status', '=', 'approved'))
  if (comments !== claim.comments) problems.push(`${comments} approved comments, not ${claim.comments}`)
  const categories = await count('terms', (q) => q.where('taxonomy', '=', 'category').where('id', 'in', corpus.categoryIds))
  const children = await count('terms', (q) => q.where('taxonomy', '=', 'category').where('id', 'in', corpus.categoryIds).where('parent_id', 'is not', null))
  if (categories !== claim.categories || (claim.categories > 5 && children !== claim.categories - 5)) problems.push(`${categories} categories (${children} with a parent), not ${claim.categories}`)
  const tags = await count('terms', (q) => q.where('taxonomy', '=', 'post_tag').where('id', 'in', corpus.tagIds))
  if (tags !== claim.tags) problems.push(`${tags} tags, not ${claim.tags}`)
  const authors = await count('users', (q) => q.where('email', 'like', '%@bench.example'))
  if (authors !== claim.authors) problems.push(`${authors} authors, not ${claim.authors}`)
  const featured = await services.posts.get(corpus.featuredPostId, systemActor)
  const thread = await services.comments.approvedFor(featured.id)
  if (thread.length !== 20 || featured.comment_count !== 20) problems.push(`the featured post has ${thread.length} approved comments (count ${featured.comment_count}), not 20`)
  if (!thread.some((c) => c.parent_id !== null)) problems.push('the featured post has no threaded replies')
  if (!(await services.search.relatedIds(featured.id)).length) problems.push('the featured post has no Read Also list')
  if ((featured.content.match(/<figure/g) ?? []).length !== 2 || featured.featured_media_id === null) problems.push('the featured post lacks its two figures or its featured image')
  if (problems.length) throw new Error(`The corpus is not what it claims: ${problems.join('; ')}`)
}

async function targetsOf(services: Services, corpus: Corpus): Promise<Target[]> {
  const featured = await services.posts.get(corpus.featuredPostId, systemActor)
  const postPath = new URL(await services.permalinks.linkFor(featured)).pathname
  const category = await services.terms.get(corpus.categoryIds[0]!)
  const tag = await services.terms.get(corpus.tagIds[0]!)
  const month = featured.published_at!.slice(0, 7).replace('-', '/')
  return [
    { name: 'home', path: '/' },
    { name: 'home page 2', path: '/page/2/' },
    { name: 'post (20 comments)', path: postPath },
    { name: 'category archive', path: `/category/${category.slug}/` },
    { name: 'tag archive', path: `/tag/${tag.slug}/` },
    { name: 'date archive', path: `/${month}/` },
    { name: 'search', path: '/?s=harbour+bridge' },
    { name: 'feed', path: '/feed/' },
    { name: 'sitemap', path: '/sitemap.xml' },
    { name: 'REST posts list', path: '/wp-json/wp/v2/posts?per_page=10' },
    { name: 'REST post _embed', path: `/wp-json/wp/v2/posts/${featured.id}?_embed` },
  ]
}

export interface Server {
  child: ChildProcess
  url: string
  startupMs: number
}

/**
 * Starts Pressroom as users run it: the built JavaScript (bin/pressroom.js), production settings. `command`
 * replaces the node arguments (the benchmark's test runs the sources through tsx, which it need not build).
 */
export async function startPressroom({ env, port, pageCache, nodeArgs = [], command }: { env: SiteEnv; port: number; pageCache: 'on' | 'off'; nodeArgs?: string[]; command?: string[] }): Promise<Server> {
  const started = Date.now()
  // As `npm start` runs it: node's own start-up options for the server first.
  const args = command ?? [...SERVER_NODE_OPTIONS, ...nodeArgs, path.join(ROOT, 'bin/pressroom.js'), 'serve']
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ...env, PORT: String(port), PRESSROOM_LOG_LEVEL: 'warn', PRESSROOM_PAGE_CACHE: pageCache, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 3000; i++) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode} before answering`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, startupMs: Date.now() - started }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  child.kill()
  throw new Error('The server did not answer within 30 s')
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGTERM')
  await exited
}

/** User + system CPU time a process has used, in ms. */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

export const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

export interface Measure {
  requestsPerSec: number
  p50: number
  p99: number
  errors: number
  /** Server CPU per request; null when the server is not a local process we know. */
  cpuMsPerRequest: number | null
  bytesPerResponse: number
}

/** A page that does not answer 2xx is refused: the benchmark measures only working pages. */
export async function checkOk(url: string, what: string): Promise<void> {
  const res = await fetch(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } })
  await res.arrayBuffer()
  if (!res.ok) throw new Error(`${what} (${url}) answered ${res.status}: the benchmark only measures working pages`)
}

/** autocannon against one URL, as a browser asks (Accept-Encoding), with the server's CPU time when `pid` is given. */
export async function measure(url: string, { connections, duration, pid, what = url }: { connections: number; duration: number; pid?: number; what?: string }): Promise<Measure> {
  await checkOk(url, what)
  const cpuBefore = pid === undefined ? 0 : cpuMs(pid)
  const result = await autocannon({ url, connections, duration, headers: { 'accept-encoding': ACCEPT_ENCODING } })
  return measured(result, pid === undefined ? null : cpuMs(pid) - cpuBefore, result.non2xx)
}

/** autocannon's result as the bench reports it; `refused` is how many answers were not the expected status. */
function measured(result: autocannon.Result, cpu: number | null, refused: number): Measure {
  const total = result.requests.total
  return {
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + refused,
    cpuMsPerRequest: cpu === null ? null : total ? Number((cpu / total).toFixed(3)) : 0,
    bytesPerResponse: total ? Math.round(result.throughput.total / total) : 0,
  }
}

/** Where the benchmark's commenters write from (`reader-N@…`, one reader a comment, as on a real site): their comments are deleted after each run. */
export const BENCH_COMMENTERS_DOMAIN = 'bench-comments.example'

/**
 * The limits that refuse a commenter's next comment outright (429) count per address: from one load generator on
 * loopback every comment after the first would be refused. The benchmark turns them off for its runs (and puts
 * them back); the form's timing, duplicates, word lists, spam signals and moderation rules all still apply.
 */
const COMMENT_LIMITS = { comment_flood_seconds: 0, comment_rate_per_hour: 0, comment_post_rate_per_minute: 0 } as const

/** Readies the site for `measureComments`: the per-address limits off, and no comment left by an earlier run. */
export async function prepareCommentRuns(env: SiteEnv): Promise<Record<string, unknown>> {
  const site = await openSite(loadConfig({ env }))
  try {
    await deleteBenchComments(site.services)
    const before = Object.fromEntries(await Promise.all(Object.keys(COMMENT_LIMITS).map(async (k) => [k, await site.services.settings.get(k as keyof typeof COMMENT_LIMITS)])))
    await site.services.settings.update(COMMENT_LIMITS, systemActor)
    return before
  } finally {
    await site.close()
  }
}

/** Puts the site back as the corpus was: the benchmark's comments deleted, the limits as they were. */
export async function finishCommentRuns(env: SiteEnv, limits: Record<string, unknown>): Promise<void> {
  const site = await openSite(loadConfig({ env }))
  try {
    await deleteBenchComments(site.services)
    await site.services.settings.update(limits, systemActor)
  } finally {
    await site.close()
  }
}

async function deleteBenchComments(services: Services): Promise<void> {
  const rows = await services.handle.db.selectFrom('comments').select('id').where('author_email', 'like', `%@${BENCH_COMMENTERS_DOMAIN}`).execute()
  for (let i = 0; i < rows.length; i += 500) await services.comments.moderate(rows.slice(i, i + 500).map((r) => r.id), 'delete', systemActor)
}

/**
 * Comment submission as a browser sends it: the form's signed timestamp fetched as the form's script does
 * (then the form's minimum fill time waited out), and `POST /wp-comments-post.php` with WordPress's field names,
 * every comment different. A submission succeeds with a 303 back to the post; anything else is an error.
 */
export async function measureComments(base: string, postId: number, { connections, duration, pid }: { connections: number; duration: number; pid: number }): Promise<Measure> {
  const formUrl = `${base}/wp-comments-post.php?form=${postId}`
  const answer = await fetch(formUrl)
  if (!answer.ok) throw new Error(`comment submission: ${formUrl} answered ${answer.status}`)
  const { token } = (await answer.json()) as { token: string }
  // The form's minimum fill time (3 s by default) counts from the timestamp.
  await new Promise((r) => setTimeout(r, 3_500))
  let n = 0
  const run = Date.now()
  const form = () => new URLSearchParams({
    comment_post_ID: String(postId), comment_parent: '0', author: `Reader ${++n}`, email: `reader-${run}-${n}@${BENCH_COMMENTERS_DOMAIN}`, url: '',
    comment: `Comment ${n} from the benchmark: the council said the bridge would open in spring.`,
    [TOKEN_FIELD]: token, [HONEYPOT_FIELD]: '',
  }).toString()
  const check = await fetch(`${base}/wp-comments-post.php`, { method: 'POST', body: form(), headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' })
  if (check.status !== 303) throw new Error(`comment submission answered ${check.status}, not 303: ${(await check.text()).slice(0, 300)}`)
  const cpuBefore = cpuMs(pid)
  const result = await autocannon({
    url: `${base}/wp-comments-post.php`, connections, duration, method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-encoding': ACCEPT_ENCODING },
    requests: [{ setupRequest: (req) => ({ ...req, body: form() }) }],
  })
  const redirected = (result.statusCodeStats as Record<string, { count: number }> | undefined)?.['303']?.count ?? 0
  return measured(result, cpuMs(pid) - cpuBefore, result.requests.total - redirected)
}

export interface RawResponse {
  status: number
  headers: [string, string][]
  body: Buffer
}

/** A response exactly as sent (no decoding), for the ceiling to send the same bytes. */
export function captureResponse(url: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': ACCEPT_ENCODING } }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const skip = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding'])
          const headers: [string, string][] = []
          for (let i = 0; i < res.rawHeaders.length; i += 2) if (!skip.has(res.rawHeaders[i]!.toLowerCase())) headers.push([res.rawHeaders[i]!, res.rawHeaders[i + 1]!])
          resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) })
        })
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

/**
 * The ceiling: a bare node:http server, in its own process like the real one, answering each path with the
 * status, headers and body bytes the cached page sent for the same Accept-Encoding.
 */
export async function startCeiling(responses: Map<string, RawResponse>, port: number, dir: string): Promise<Server> {
  const file = path.join(dir, 'ceiling-responses.json')
  writeFileSync(file, JSON.stringify([...responses].map(([p, r]) => [p, r.status, r.headers, r.body.toString('base64')])))
  const script = `const m=new Map(JSON.parse(require('fs').readFileSync(${JSON.stringify(file)},'utf8')).map(([p,s,h,b])=>[p,[s,h.flat(),Buffer.from(b,'base64')]]));require('http').createServer((q,r)=>{const a=m.get(q.url);if(!a){r.writeHead(404);r.end();return}r.writeHead(a[0],a[1]);r.end(a[2])}).listen(${port},'127.0.0.1')`
  const started = Date.now()
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 500; i++) {
    try {
      await fetch(url)
      return { child, url, startupMs: Date.now() - started }
    } catch {
      await new Promise((r) => setTimeout(r, 10))
    }
  }
  child.kill()
  throw new Error('The ceiling server did not start')
}

/**
 * A cached page must show an edit made by another process (the CLI, another app server): the benchmark refuses
 * to measure a stale cache.
 */
export async function checkFreshAfterEdit({ env, base, postId, postPath, timeoutMs = 6000 }: { env: SiteEnv; base: string; postId: number; postPath: string; timeoutMs?: number }): Promise<void> {
  await (await fetch(base + postPath)).arrayBuffer()
  const site = await openSite(loadConfig({ env }))
  const invalidation = startCacheInvalidation({ events: site.services.events, dialect: site.services.handle.dialect, settings: site.services.settings, listen: false })
  const title = `Edited at ${Date.now()}`
  try {
    await site.services.posts.update(postId, { title }, systemActor)
    // The edit makes Read Also lists stale: computed here, so that no server measured next spends its CPU on them.
    await site.services.search.idle()
    await site.services.search.computeStaleRelated()
  } finally {
    await invalidation.close()
    await site.close()
  }
  for (const until = Date.now() + timeoutMs; Date.now() < until; ) {
    if ((await (await fetch(base + postPath)).text()).includes(title)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`A cached page still showed the old title ${timeoutMs / 1000} s after an edit`)
}
