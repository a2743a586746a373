/**
 * npm run bench: a corpus made through the domain layer, the built server started as users run it (with the
 * page cache on, then off), a bare node:http server as the ceiling, and autocannon on loopback. Prints req/s,
 * latency, errors and server CPU per request for each page type; writes JSON under bench/results/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { openSite } from '../src/boot.js'
import { loadConfig } from '../src/config/index.js'
import { startCacheInvalidation } from '../src/site/cache/index.js'
import { systemActor } from '../src/users/index.js'
import { generateCorpus } from './corpus.js'

const { values: opts } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '8181' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Writes a V8 CPU profile of each server (node --cpu-prof) under bench/results/profiles/. */
    profile: { type: 'boolean', default: false },
  },
})

const root = path.resolve(import.meta.dirname, '..')
const dataDir = mkdtempSync(path.join(tmpdir(), 'pressroom-bench-'))
const port = Number(opts.port)
const base = `http://127.0.0.1:${port}`
const siteEnv = { PRESSROOM_DATA: dataDir, PORT: String(port), PRESSROOM_LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }
const TICKS_PER_SECOND = 100

interface Target {
  name: string
  path: string
}

async function makeCorpus(): Promise<{ targets: Target[]; featuredPostId: number }> {
  const site = await openSite(loadConfig({ env: siteEnv }))
  try {
    const started = Date.now()
    const posts = Number(opts.posts)
    const corpus = await generateCorpus(site.services, { posts, onProgress: (n) => process.stdout.write(`\rcorpus: ${n} posts…`) })
    const { total } = await site.services.posts.list({ perPage: 1 }, { kind: 'anonymous' })
    if (total !== posts + 1) throw new Error(`The corpus holds ${total} published posts, not the ${posts} + 1 welcome post it claims`)
    const featured = await site.services.posts.get(corpus.featuredPostId, systemActor)
    if (featured.comment_count !== 20) throw new Error(`The featured post has ${featured.comment_count} comments, not 20`)
    console.log(`\rcorpus: ${posts} posts, their comments and terms in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const postPath = new URL(await site.services.permalinks.linkFor(featured)).pathname
    const category = await site.services.terms.get(corpus.categoryIds[0]!)
    const tag = await site.services.terms.get(corpus.tagIds[0]!)
    const month = featured.published_at!.slice(0, 7).replace('-', '/')
    const targets: Target[] = [
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
    return { targets, featuredPostId: featured.id }
  } finally {
    await site.close()
  }
}

async function startServer(pageCache: 'on' | 'off'): Promise<{ child: ChildProcess; startupMs: number }> {
  const started = Date.now()
  const profile = opts.profile ? ['--cpu-prof', '--cpu-prof-dir', path.join(root, 'bench/results/profiles'), `--cpu-prof-name=cache-${pageCache}-${Date.now()}.cpuprofile`] : []
  const child = spawn(process.execPath, [...profile, path.join(root, 'bin/pressroom.js'), 'serve'], {
    env: { ...process.env, ...siteEnv, PRESSROOM_LOG_LEVEL: 'warn', PRESSROOM_PAGE_CACHE: pageCache, NODE_ENV: 'production' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (let i = 0; i < 400; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return { child, startupMs: Date.now() - started }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10))
  }
  child.kill()
  throw new Error('The server did not start within 4 s')
}

/** User + system CPU time a process has used, in ms. */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024

interface Row {
  name: string
  path: string
  cache: string
  requestsPerSec: number
  p50: number
  p99: number
  errors: number
  cpuMsPerRequest: number
}

async function load(target: Target, cache: string, url: string, pid: number): Promise<Row> {
  const check = await fetch(url)
  if (!check.ok) throw new Error(`${target.name} (${target.path}) answered ${check.status}: the benchmark only measures working pages`)
  const cpuBefore = cpuMs(pid)
  const result = await autocannon({ url, connections: Number(opts.connections), duration: Number(opts.duration) })
  const cpu = cpuMs(pid) - cpuBefore
  return {
    name: target.name,
    path: target.path,
    cache,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
    cpuMsPerRequest: result.requests.total ? Number((cpu / result.requests.total).toFixed(3)) : 0,
  }
}

/** The ceiling: a bare node:http server sending the same bytes, in its own process like the real one. */
async function ceiling(body: Buffer, type: string): Promise<Row> {
  const file = path.join(dataDir, 'ceiling-body')
  writeFileSync(file, body)
  const script = `const b=require('fs').readFileSync(${JSON.stringify(file)});require('http').createServer((q,r)=>{r.writeHead(200,{'content-type':${JSON.stringify(type)},'content-length':b.length});r.end(b)}).listen(${port + 1},'127.0.0.1')`
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' })
  try {
    for (let i = 0; i < 200; i++) {
      try {
        await fetch(`http://127.0.0.1:${port + 1}/`)
        break
      } catch {
        await new Promise((r) => setTimeout(r, 10))
      }
    }
    return await load({ name: 'node:http ceiling', path: '/' }, '-', `http://127.0.0.1:${port + 1}/`, child.pid!)
  } finally {
    child.kill()
  }
}

/** A cached page must show an edit made by another process: the benchmark refuses to measure a stale cache. */
async function checkFreshAfterEdit(postId: number, postPath: string): Promise<void> {
  await fetch(base + postPath)
  const site = await openSite(loadConfig({ env: siteEnv }))
  const invalidation = startCacheInvalidation({ events: site.services.events, dialect: site.services.handle.dialect, settings: site.services.settings, listen: false })
  const title = `Edited at ${Date.now()}`
  try {
    await site.services.posts.update(postId, { title }, systemActor)
  } finally {
    await invalidation.close()
    await site.close()
  }
  for (let i = 0; i < 60; i++) {
    if ((await (await fetch(base + postPath)).text()).includes(title)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('A cached page still showed the old title 6 s after an edit')
}

const { targets, featuredPostId } = await makeCorpus()
const selected = opts.only ? targets.filter((t) => t.name.includes(opts.only!)) : targets
const rows: Row[] = []
const runs: { cache: string; startupMs: number; peakRssMb: number }[] = []
for (const cache of ['on', 'off'] as const) {
  const { child, startupMs } = await startServer(cache)
  try {
    for (const target of selected) {
      // Routes of a module not built yet (the REST API) are left out rather than measured as errors.
      if (target.path.startsWith('/wp-json') && (await fetch(base + target.path)).status === 404) continue
      rows.push(await load(target, cache, base + target.path, child.pid!))
    }
    if (cache === 'on') {
      const home = Buffer.from(await (await fetch(`${base}/`)).arrayBuffer())
      rows.push(await ceiling(home, 'text/html; charset=utf-8'))
      await checkFreshAfterEdit(featuredPostId, selected.find((t) => t.name.startsWith('post'))?.path ?? targets[2]!.path)
    }
    runs.push({ cache, startupMs, peakRssMb: Math.round(peakRssMb(child.pid!)) })
  } finally {
    child.kill('SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

const ceilingRps = rows.find((r) => r.name === 'node:http ceiling')?.requestsPerSec ?? 0
console.log(`\n${opts.connections} connections, ${opts.duration} s per page, ${opts.posts} posts`)
for (const run of runs) console.log(`page cache ${run.cache}: start-up ${run.startupMs} ms, peak RSS ${run.peakRssMb} MB`)
console.log(`\n${'page'.padEnd(22)}${'cache'.padEnd(7)}${'req/s'.padStart(9)}${'% ceil'.padStart(8)}${'p50 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(8)}${'CPU ms/req'.padStart(12)}`)
for (const r of rows) {
  const share = r.cache === 'on' && ceilingRps ? `${Math.round((r.requestsPerSec / ceilingRps) * 100)}%` : ''
  console.log(`${r.name.padEnd(22)}${r.cache.padEnd(7)}${String(r.requestsPerSec).padStart(9)}${share.padStart(8)}${String(r.p50).padStart(8)}${String(r.p99).padStart(8)}${String(r.errors).padStart(8)}${r.cpuMsPerRequest.toFixed(3).padStart(12)}`)
}
mkdirSync(path.join(root, 'bench/results'), { recursive: true })
const file = path.join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), posts: Number(opts.posts), connections: Number(opts.connections), runs, rows }, null, 2))
console.log(`\nresults: ${path.relative(root, file)}`)
const bad = rows.filter((r) => r.errors)
if (bad.length) {
  console.error(`errors on: ${bad.map((r) => `${r.name} (${r.cache})`).join(', ')}`)
  process.exitCode = 1
}
if (!opts.keep) rmSync(dataDir, { recursive: true, force: true })
