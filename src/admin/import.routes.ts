/**
 * Tools → Import and Export in the admin: the same WXR import and export as `pressroom import wxr` and
 * `pressroom export wxr`, for administrators (WordPress's `import` and `export` capabilities).
 *
 * An upload (multipart, one file) is stored in a temporary folder and imported as a job in this process, on a
 * database connection of its own, as the CLI does: the site keeps answering (and the job keeps being polled)
 * while the import's transaction runs, and the end of the import purges every app server's cache. The job's
 * state — phase, items done, then the summary or the error — is polled at `GET /tools/import/:id`.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import multipart from '@fastify/multipart'
import type { FastifyPluginAsync } from 'fastify'
import { openSite } from '../boot.js'
import { POST_STATUSES } from '../content/index.js'
import { toProblem } from '../http/error-handler.js'
import type { Services } from '../services.js'
import { startCacheInvalidation } from '../site/cache/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import { exportWxr, type ImportSummary, importWxr, WxrImportError, WxrSyntaxError } from '../wxr/index.js'
import { type AdminGuard, privateJson } from './admin-guard.js'

/** The largest export accepted from a browser; a bigger site moves with `pressroom import wxr`. */
export const MAX_WXR_UPLOAD_BYTES = 512 * 1024 * 1024
/** Finished jobs are kept this long for the page that polls them. */
const KEEP_FINISHED_MS = 60 * 60 * 1000

export interface ImportJob {
  id: string
  /** The uploaded file's name. */
  file: string
  status: 'running' | 'done' | 'failed'
  phase: 'upload' | 'scan' | 'import'
  /** Items read in this phase, and the items in the file (known once the scan is over; 0 before). */
  done: number
  total: number
  started_at: string
  finished_at: string | null
  summary: ImportSummary | null
  /** Why it stopped (nothing of it was kept), WordPress-shaped. */
  error: { code: string; message: string; data: { status: number } } | null
}

export const importRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard }> = async (app, { services, guard }) => {
  await app.register(multipart, { limits: { fileSize: MAX_WXR_UPLOAD_BYTES, files: 1, fields: 10, fieldSize: 1024 } })
  const jobs = new Map<string, ImportJob & { finishedAt?: number }>()
  let running: Promise<void> | null = null
  app.addHook('onClose', async () => {
    await running
  })

  const forget = () => {
    const now = Date.now()
    for (const [id, job] of jobs) if (job.finishedAt && now - job.finishedAt > KEEP_FINISHED_MS) jobs.delete(id)
  }

  app.post('/tools/import', async (req, reply) => {
    await guard.signedIn(req, 'import')
    if (running) throw new DomainError('conflict', 'import_running', 'An import is running already: wait for it to finish.')
    if (!req.isMultipart()) throw invalid('wxr_no_file', 'Choose a WordPress export file (.xml) to upload.')
    const part = await req.file()
    if (!part || !part.filename) throw invalid('wxr_no_file', 'Choose a WordPress export file (.xml) to upload.')
    const dir = mkdtempSync(path.join(tmpdir(), 'pressroom-upload-'))
    const file = path.join(dir, 'upload.xml')
    try {
      await pipeline(part.file, createWriteStream(file))
      if (part.file.truncated) throw new DomainError('invalid', 'wxr_too_large', `The file is larger than ${MAX_WXR_UPLOAD_BYTES / 1024 / 1024} MB: import it with \`pressroom import wxr\` instead.`)
      if (part.file.bytesRead === 0) throw invalid('wxr_empty_file', `${part.filename} is empty.`)
    } catch (err) {
      rmSync(dir, { recursive: true, force: true })
      throw err
    }
    forget()
    const name = path.basename(part.filename)
    const job: ImportJob & { finishedAt?: number } = {
      id: randomUUID(), file: name, status: 'running', phase: 'scan', done: 0, total: 0,
      started_at: new Date().toISOString(), finished_at: null, summary: null, error: null,
    }
    jobs.set(job.id, job)
    running = runImport(services, file, job, req.log).finally(() => {
      rmSync(dir, { recursive: true, force: true })
      job.finished_at = new Date().toISOString()
      job.finishedAt = Date.now()
      running = null
    })
    return privateJson(reply).status(202).send(job)
  })

  app.get('/tools/import/:id', async (req, reply) => {
    await guard.signedIn(req, 'import')
    const job = jobs.get((req.params as { id: string }).id)
    if (!job) throw new DomainError('not_found', 'import_not_found', 'No such import: it finished long ago, or the server restarted.')
    const { finishedAt: _, ...out } = job
    return privateJson(reply).send(out)
  })

  /** The site as WXR 1.2, as a download: `type` (post, page, all), `status` (comma-separated), `since` (a date). */
  app.get('/tools/export', async (req, reply) => {
    await guard.signedIn(req, 'export')
    const query = req.query as { type?: string; status?: string; since?: string }
    const type = query.type || 'all'
    if (type !== 'post' && type !== 'page' && type !== 'all') throw invalid('invalid_param', `type: "${type}" is not post, page or all.`)
    const statuses = query.status ? query.status.split(',').map((s) => s.trim()).filter(Boolean) : undefined
    for (const s of statuses ?? []) {
      if (!(POST_STATUSES as readonly string[]).includes(s)) throw invalid('invalid_param', `status: "${s}" is not a status (use ${POST_STATUSES.join(', ')}).`)
    }
    const since = query.since ? new Date(query.since) : undefined
    if (since && Number.isNaN(since.getTime())) throw invalid('invalid_param', `since: "${query.since}" is not a date (use YYYY-MM-DD).`)
    const stream = new PassThrough()
    const write = async (chunk: string) => {
      if (!stream.write(chunk)) await new Promise((resolve) => stream.once('drain', resolve))
    }
    exportWxr(services, write, { type, statuses, since }).then(
      () => stream.end(),
      (err: unknown) => {
        req.log.error({ err }, 'export failed')
        stream.destroy(err as Error)
      },
    )
    const day = new Date().toISOString().slice(0, 10)
    return reply
      .header('cache-control', 'no-store, private')
      .header('content-disposition', `attachment; filename="pressroom.wordpress.${day}.xml"`)
      .type('application/xml; charset=utf-8')
      .send(stream)
  })
}

/** The import on its own connection, told to the job as it goes; the job records the summary or the error. */
async function runImport(services: Services, file: string, job: ImportJob, log: { error: (obj: object, msg: string) => void }): Promise<void> {
  try {
    const site = await openSite(services.config, { seed: false, clock: services.clock })
    // Running app servers (this one too) drop what the import changed from their caches.
    const invalidation = startCacheInvalidation({ events: site.services.events, dialect: site.services.handle.dialect, settings: site.services.settings, listen: false })
    try {
      job.summary = await importWxr(site.services, file, {
        onProgress: (p) => {
          job.phase = p.phase
          job.done = p.done
          job.total = p.total
        },
      })
      job.summary.file = job.file
      job.status = 'done'
    } finally {
      await invalidation.close()
      await site.close()
    }
    // This server's own copies (settings such as menus, the page cache) are dropped now, not at the next poll.
    services.settings.forget()
    await services.events.emit({ type: 'external.changed' })
    await services.events.emit({ type: 'settings.saved', keys: [] })
    // The imported posts' "Read Also" lists, computed between requests rather than on each post's first view.
    services.search.computeStaleRelatedInBackground()
  } catch (err) {
    job.status = 'failed'
    if (err instanceof WxrSyntaxError) {
      job.error = { code: 'wxr_invalid_file', message: `${job.file}: ${err.message}. Nothing was imported.`, data: { status: 400 } }
    } else if (err instanceof WxrImportError) {
      log.error({ err }, 'import failed')
      job.error = { code: 'wxr_import_failed', message: `${err.message}. Nothing was imported.`, data: { status: 500 } }
    } else {
      const problem = toProblem(err)
      if (problem.status >= 500) log.error({ err }, 'import failed')
      job.error = { code: problem.code, message: `${problem.message} Nothing was imported.`, data: { status: problem.status } }
    }
  }
}
