/**
 * npm run bench: a corpus made through the domain layer (and checked), the built server started as users run it
 * (page cache on, then off), a bare node:http server sending the same bytes as each cached page (the ceiling), and
 * autocannon on loopback asking as browsers do (Accept-Encoding: br, gzip). Prints req/s, latency, errors, server
 * CPU per request and bytes per response for each page type; `--compare BASE_URL` measures the same paths on
 * another site right after each of ours and prints the ratios. JSON results go under bench/results/.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { checkFreshAfterEdit, corpusClaim, finishCommentRuns, makeCorpus, measureComments, prepareCommentRuns, reuseCorpus, measure, type Measure, peakRssMb, ROOT, type SiteEnv, startCeiling, startPressroom, stop, captureResponse, type RawResponse } from './harness.js'

const { values: opts } = parseArgs({
  options: {
    posts: { type: 'string', default: '10000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '8181' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
    /** Another site (e.g. a WordPress holding the same export): the same paths measured there, alternating with ours. */
    compare: { type: 'string' },
    /** Writes a V8 CPU profile of each server (node --cpu-prof) under bench/results/profiles/. */
    profile: { type: 'boolean', default: false },
    /** Measures every page this many times over the same corpus (servers restarted each time); prints medians. */
    runs: { type: 'string', default: '1' },
    /**
     * A folder to keep the corpus in and use again: made there (and described in bench-corpus.json) the first
     * time, checked and reused on the next runs with the same --posts. Never removed.
     */
    data: { type: 'string' },
    /** Options for the server's node, e.g. `--node-args=--max-semi-space-size=4` (space-separated). */
    'node-args': { type: 'string', default: '' },
    /** Runs the sources through tsx instead of the build (the benchmark's own test). */
    source: { type: 'boolean', default: false },
  },
})

const dataDir = opts.data ? path.resolve(opts.data) : mkdtempSync(path.join(tmpdir(), 'pressroom-bench-'))
mkdirSync(dataDir, { recursive: true })
const port = Number(opts.port)
const env: SiteEnv = { PRESSROOM_DATA: dataDir, PRESSROOM_LOG_LEVEL: 'silent', ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}) }
const connections = Number(opts.connections)
const duration = Number(opts.duration)
const compare = opts.compare?.replace(/\/+$/, '')

interface Row extends Measure {
  name: string
  path: string
  cache: string
  /** The same path on the compared site, measured right after. */
  compared?: Measure | { error: string }
  /** The node:http ceiling sending this page's bytes (cached pages only). */
  ceiling?: Measure
}

const started = Date.now()
const claim = corpusClaim(Number(opts.posts))
const described = path.join(dataDir, 'bench-corpus.json')
const kept = opts.data && existsSync(described) ? (JSON.parse(readFileSync(described, 'utf8')) as Awaited<ReturnType<typeof makeCorpus>> & { claim: typeof claim }) : null
if (kept && JSON.stringify(kept.claim) !== JSON.stringify(claim)) throw new Error(`${dataDir} holds a corpus of ${kept.claim.posts} posts, not ${claim.posts}: give another --data folder`)
const { targets, corpus } = kept ? await reuseCorpus(env, claim, kept) : await makeCorpus(env, claim, (n) => process.stdout.write(`\rcorpus: ${n} posts…`))
if (opts.data && !kept) writeFileSync(described, JSON.stringify({ claim, targets, corpus }))
console.log(`\rcorpus: ${claim.posts} posts, ${claim.comments} comments, ${claim.categories} categories, ${claim.tags} tags, ${claim.authors} authors ${kept ? `from ${dataDir}, checked in` : 'made and checked in'} ${((Date.now() - started) / 1000).toFixed(1)} s`)
const selected = opts.only ? targets.filter((t) => t.name.includes(opts.only!)) : targets
const profileDir = path.join(ROOT, 'bench/results/profiles')
const allRows: Row[][] = []
const allRuns: { cache: string; startupMs: number; peakRssMb: number }[][] = []
const measuringComments = !opts.only || 'comment submission'.includes(opts.only)
const limits = measuringComments ? await prepareCommentRuns(env) : null
try {
  for (let run = 1; run <= Number(opts.runs); run++) {
    if (Number(opts.runs) > 1) console.log(`run ${run} of ${opts.runs}…`)
    const { rows, runs } = await measureAll()
    allRows.push(rows)
    allRuns.push(runs)
  }
} finally {
  if (limits) await finishCommentRuns(env, limits)
}

/** One run: every selected page with the page cache on (and its ceiling), then off. */
async function measureAll(): Promise<{ rows: Row[]; runs: { cache: string; startupMs: number; peakRssMb: number }[] }> {
  const rows: Row[] = []
  const runs: { cache: string; startupMs: number; peakRssMb: number }[] = []
  for (const cache of ['on', 'off'] as const) {
    const nodeArgs = [...opts['node-args'].split(/\s+/).filter(Boolean), ...(opts.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir, `--cpu-prof-name=cache-${cache}-${Date.now()}.cpuprofile`] : [])]
    const command = opts.source ? ['--import', 'tsx', path.join(ROOT, 'src/cli/run.ts'), 'serve'] : undefined
    const server = await startPressroom({ env, port, pageCache: cache, nodeArgs, command })
    const captured = new Map<string, RawResponse>()
    try {
      for (const target of selected) {
        const row: Row = { name: target.name, path: target.path, cache, ...(await measure(server.url + target.path, { connections, duration, pid: server.child.pid!, what: target.name })) }
        if (cache === 'on') captured.set(target.path, await captureResponse(server.url + target.path))
        if (compare) row.compared = await measure(compare + target.path, { connections, duration, what: `${target.name} on ${compare}` }).catch((err: Error) => ({ error: err.message }))
        rows.push(row)
      }
      if (measuringComments) {
        // Comments go to the second newest post (the featured one keeps its 20); they are held (first comments
        // of a new commenter) and deleted after the run. Never page-cached, not asked of a compared site.
        const row: Row = { name: 'comment submission', path: '/wp-comments-post.php', cache, ...(await measureComments(server.url, corpus.postIds.at(-2)!, { connections, duration, pid: server.child.pid! })) }
        rows.push(row)
      }
      if (cache === 'on') {
        // Each cached page against a bare node:http server sending its very bytes and headers, one after the other.
        const ceiling = await startCeiling(captured, port + 1, dataDir)
        try {
          for (const row of rows.filter((r) => r.cache === 'on')) {
            if (captured.get(row.path)?.headers.some(([k, v]) => k.toLowerCase() === 'x-cache' && v === 'HIT')) {
              row.ceiling = await measure(ceiling.url + row.path, { connections, duration, pid: ceiling.child.pid!, what: `ceiling for ${row.name}` })
            }
          }
        } finally {
          await stop(ceiling.child)
        }
        const post = targets.find((t) => t.name.startsWith('post'))!
        await checkFreshAfterEdit({ env, base: server.url, postId: corpus.featuredPostId, postPath: post.path })
      }
      runs.push({ cache, startupMs: server.startupMs, peakRssMb: Math.round(peakRssMb(server.child.pid!)) })
    } finally {
      await stop(server.child)
    }
  }
  return { rows, runs }
}

/** The median of each figure over the runs (the middle run's for an odd count). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
const medianOf = <T extends object>(list: T[]): T => {
  const out = { ...list[0] } as Record<string, unknown>
  for (const [key, value] of Object.entries(list[0]!)) {
    if (typeof value === 'number') out[key] = median(list.map((m) => (m as Record<string, number>)[key]!))
    else if (value && typeof value === 'object' && !('error' in value)) {
      const parts = list.map((m) => (m as Record<string, object>)[key]).filter((v): v is object => !!v && !('error' in v))
      out[key] = medianOf(parts)
    }
  }
  return out as T
}
const rows: Row[] = allRows[0]!.map((row, i) => medianOf(allRows.map((r) => r[i]!)))
const runs = allRuns[0]!.map((run, i) => medianOf(allRuns.map((r) => r[i]!)))

const fmt = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '' : n.toFixed(digits))
console.log(`\n${connections} connections, ${duration} s per page, ${claim.posts} posts, Accept-Encoding: br, gzip${compare ? `, compared with ${compare}` : ''}${allRows.length > 1 ? `; medians of ${allRows.length} runs` : ''}`)
for (const run of runs) console.log(`page cache ${run.cache}: start-up ${run.startupMs} ms, peak RSS ${run.peakRssMb} MB`)
const header = ['page'.padEnd(20), 'cache'.padEnd(6), 'req/s'.padStart(8), 'p50'.padStart(5), 'p99'.padStart(5), 'err'.padStart(5), 'CPU ms'.padStart(8), 'bytes'.padStart(7), 'ceil r/s'.padStart(9), '% ceil'.padStart(7)]
if (compare) header.push('other r/s'.padStart(10), 'ratio'.padStart(7))
console.log(`\n${header.join('')}`)
for (const r of rows) {
  const line = [r.name.padEnd(20), r.cache.padEnd(6), fmt(r.requestsPerSec).padStart(8), fmt(r.p50).padStart(5), fmt(r.p99).padStart(5), fmt(r.errors).padStart(5), fmt(r.cpuMsPerRequest, 3).padStart(8), fmt(r.bytesPerResponse).padStart(7)]
  line.push(fmt(r.ceiling?.requestsPerSec).padStart(9), (r.ceiling ? `${Math.round((r.requestsPerSec / r.ceiling.requestsPerSec) * 100)}%` : '').padStart(7))
  if (compare) {
    const other = r.compared
    if (!other || 'error' in other) line.push('n/a'.padStart(10), ''.padStart(7))
    else line.push(fmt(other.requestsPerSec).padStart(10), `${other.requestsPerSec ? (r.requestsPerSec / other.requestsPerSec).toFixed(1) : '∞'}×`.padStart(7))
  }
  console.log(line.join(''))
}
for (const r of rows) if (r.compared && 'error' in r.compared) console.log(`compared site, ${r.name} (${r.cache}): ${r.compared.error}`)
mkdirSync(path.join(ROOT, 'bench/results'), { recursive: true })
const file = path.join(ROOT, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), posts: claim.posts, connections, duration, compare, runs, rows, each: allRows.map((r, i) => ({ runs: allRuns[i], rows: r })) }, null, 2))
console.log(`\nresults: ${path.relative(ROOT, file)}`)
const bad = allRows.flat().filter((r) => r.errors)
if (bad.length) {
  console.error(`errors on: ${bad.map((r) => `${r.name} (${r.cache})`).join(', ')}`)
  process.exitCode = 1
}
if (!opts.keep && !opts.data) rmSync(dataDir, { recursive: true, force: true })
else console.log(`data kept in ${dataDir}`)
