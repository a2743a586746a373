/**
 * npm run bench: a corpus made through the domain layer, the built server started as users run it, and a load
 * generator on loopback. Prints requests/s and latency per page type; writes JSON under bench/results/.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { openSite } from '../src/boot.js'
import { loadConfig } from '../src/config/index.js'
import { generateCorpus } from './corpus.js'

const { values: opts } = parseArgs({
  options: {
    posts: { type: 'string', default: '2000' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '32' },
    port: { type: 'string', default: '8181' },
    keep: { type: 'boolean', default: false },
  },
})

const root = path.resolve(import.meta.dirname, '..')
const dataDir = mkdtempSync(path.join(tmpdir(), 'pressroom-bench-'))
const port = Number(opts.port)
const env = { ...process.env, PRESSROOM_DATA: dataDir, PORT: String(port), PRESSROOM_LOG_LEVEL: 'warn', NODE_ENV: 'production' }

async function makeCorpus(): Promise<string> {
  const config = loadConfig({ env: { PRESSROOM_DATA: dataDir, PORT: String(port), PRESSROOM_LOG_LEVEL: 'silent' } })
  const site = await openSite(config)
  const started = Date.now()
  const { postIds } = await generateCorpus(site.services, { posts: Number(opts.posts) })
  const last = await site.services.posts.get(postIds.at(-1)!, { kind: 'system' })
  const path = new URL(await site.services.permalinks.linkFor(last)).pathname
  console.log(`corpus: ${postIds.length} posts in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  await site.close()
  return path
}

async function startServer(): Promise<{ child: ChildProcess; startupMs: number }> {
  const started = Date.now()
  const child = spawn(process.execPath, [path.join(root, 'bin/pressroom.js'), 'serve'], { env, stdio: ['ignore', 'ignore', 'inherit'] })
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/healthz`)).ok) return { child, startupMs: Date.now() - started }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25))
  }
  child.kill()
  throw new Error('The server did not start within 5 s')
}

interface Row {
  name: string
  path: string
  requestsPerSec: number
  p50: number
  p99: number
  errors: number
  non2xx: number
}

async function load(name: string, urlPath: string): Promise<Row> {
  const check = await fetch(`http://127.0.0.1:${port}${urlPath}`)
  if (!check.ok) throw new Error(`${name} (${urlPath}) answered ${check.status}: the benchmark only measures working pages`)
  const result = await autocannon({
    url: `http://127.0.0.1:${port}${urlPath}`,
    connections: Number(opts.connections),
    duration: Number(opts.duration),
  })
  return {
    name,
    path: urlPath,
    requestsPerSec: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
  }
}

const postPath = await makeCorpus()
const { child, startupMs } = await startServer()
try {
  const rows: Row[] = []
  for (const [name, urlPath] of [
    ['home', '/'],
    ['single post', postPath],
    ['health check', '/healthz'],
  ] as const) {
    rows.push(await load(name, urlPath))
  }
  const rss = Number((await import('node:fs')).readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)?.[1] ?? 0) / 1024
  console.log(`\nstart-up: ${startupMs} ms   peak RSS: ${rss.toFixed(0)} MB   ${opts.connections} connections, ${opts.duration} s per page\n`)
  console.log('page'.padEnd(16) + 'req/s'.padStart(10) + 'p50 ms'.padStart(9) + 'p99 ms'.padStart(9) + 'errors'.padStart(9))
  for (const r of rows) {
    console.log(r.name.padEnd(16) + String(r.requestsPerSec).padStart(10) + String(r.p50).padStart(9) + String(r.p99).padStart(9) + String(r.errors + r.non2xx).padStart(9))
  }
  const bad = rows.filter((r) => r.errors || r.non2xx)
  mkdirSync(path.join(root, 'bench/results'), { recursive: true })
  const file = path.join(root, 'bench/results', `${new Date().toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify({ when: new Date().toISOString(), posts: Number(opts.posts), startupMs, peakRssMb: rss, rows }, null, 2))
  console.log(`\nresults: ${path.relative(root, file)}`)
  if (bad.length) {
    console.error(`errors on: ${bad.map((r) => r.name).join(', ')}`)
    process.exitCode = 1
  }
} finally {
  child.kill('SIGTERM')
  if (!opts.keep) rmSync(dataDir, { recursive: true, force: true })
}
