/**
 * WXR import at scale: writes a WordPress export of N posts (default 100,000; with categories, tags, comments
 * and a link to an earlier post in each) to a temporary file, imports it into a fresh site, and reports the
 * time and the peak resident memory. Not part of the test suite: run it by hand.
 *
 *   node --import tsx bench/wxr-import.ts [posts] [--postgres postgres://…] [--default-heap]
 *
 * "Flat memory" means the peak does not grow with the content: a sample of RSS every 250 ms is printed.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { once } from 'node:events'
import os, { tmpdir } from 'node:os'
import path from 'node:path'
import { openSite } from '../src/boot.js'
import { loadConfig } from '../src/config/index.js'
import { tuneHeapForImport, importWxr } from '../src/wxr/index.js'
import { SITE, wxrFooter, wxrHeader, wxrItem } from '../test/wxr/wxr-builder.js'

const count = Number(process.argv[2] ?? 100_000)
const pgIndex = process.argv.indexOf('--postgres')
const postgres = pgIndex === -1 ? undefined : process.argv[pgIndex + 1]

const dir = mkdtempSync(path.join(tmpdir(), 'pressroom-wxr-bench-'))
const file = path.join(dir, 'big.xml')

async function writeCorpus(): Promise<void> {
  const out = createWriteStream(file)
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain')
  }
  await write(wxrHeader())
  const words = 'the council said on monday that the new bridge would open to traffic next spring after years of delay and debate'.split(' ')
  for (let i = 1; i <= count; i++) {
    const para = (n: number) => Array.from({ length: 60 }, (_, k) => words[(i * 7 + k * 3 + n) % words.length]).join(' ')
    const earlier = i > 1 ? ` See <a href="${SITE}/?p=${i - 1}">the previous story</a>.` : ''
    await write(wxrItem({
      id: i,
      title: `Story number ${i}: ${words[i % words.length]} ${words[(i * 3) % words.length]}`,
      name: `story-${i}`,
      date: `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10} 0${i % 10}:00:00`,
      content: `${para(1)}\n\n${para(2)}${earlier}\n\n${para(3)}`,
      terms: [
        { domain: 'category', slug: `section-${i % 12}`, name: `Section ${i % 12}` },
        { domain: 'post_tag', slug: `tag-${i % 500}`, name: `Tag ${i % 500}` },
      ],
      comments: i % 10 === 0 ? [{ id: i, content: `A reader's comment on story ${i}.` }] : [],
    }))
  }
  await write(wxrFooter())
  out.end()
  await once(out, 'finish')
}

const started = Date.now()
await writeCorpus()
console.log(`corpus: ${count} posts, ${(statSync(file).size / 1024 / 1024).toFixed(1)} MB, written in ${((Date.now() - started) / 1000).toFixed(1)}s`)

const env: Record<string, string> = { PRESSROOM_DATA: dir, PRESSROOM_LOG_LEVEL: 'silent' }
if (postgres) env.DATABASE_URL = postgres
const site = await openSite(loadConfig({ env, cwd: dir }), { seed: false })
let peak = 0
const samples: number[] = []
const sampler = setInterval(() => {
  const rss = process.memoryUsage().rss
  peak = Math.max(peak, rss)
  samples.push(rss)
}, 250)
// As `pressroom import wxr` does.
if (!process.argv.includes('--default-heap')) tuneHeapForImport()
const t0 = Date.now()
const cpu0 = process.cpuUsage()
try {
  const summary = await importWxr(site.services, file, {
    onProgress: (p) => {
      if (p.done % Math.max(1000, Math.floor(count / 10)) === 0) console.log(`${p.phase} ${p.done}/${p.total || '?'}  rss ${(process.memoryUsage().rss / 1024 / 1024).toFixed(0)} MB heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MB  ${((Date.now() - t0) / 1000).toFixed(1)}s`)
    },
  })
  clearInterval(sampler)
  const seconds = (Date.now() - t0) / 1000
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`
  const tenth = Math.max(1, Math.floor(samples.length / 10))
  const cpu = process.cpuUsage(cpu0)
  // On a shared machine the wall time depends on the neighbours; the CPU time of this process does less.
  console.log(`CPU time of this process: ${((cpu.user + cpu.system) / 1e6).toFixed(1)}s (user ${(cpu.user / 1e6).toFixed(1)}s, system ${(cpu.system / 1e6).toFixed(1)}s); load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  console.log(`imported ${summary.posts.imported} posts, ${summary.comments.imported} comments, ${summary.terms.imported} terms on ${postgres ? 'PostgreSQL' : 'SQLite'} in ${seconds.toFixed(1)}s (${Math.round(count / seconds)} posts/s)`)
  console.log(`peak RSS ${mb(peak)} (process maxRSS ${mb(process.resourceUsage().maxRSS * 1024)}); RSS by tenths of the run: ${samples.filter((_, i) => i % tenth === 0).map(mb).join(', ')}`)
} finally {
  clearInterval(sampler)
  await site.close()
  rmSync(dir, { recursive: true, force: true })
}
