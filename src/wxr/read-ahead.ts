/**
 * A large export is read on a second thread while this one writes: parsing the XML and applying WordPress's
 * formatting rules to each post are a third of an import's work, and need nothing from the database. The
 * records come back in file order, exactly as `readWxr` yields them (errors too, at the same place), with
 * each post's converted content when it could be done ahead (see read-worker.ts).
 */
import { createReadStream, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { readWxr } from './parse.js'
import { WxrSyntaxError } from './text-stream.js'
import type { WxrRecord } from './types.js'

/** Files from this size up are read on a second thread: below it, starting one costs more than it saves. */
export const READ_AHEAD_BYTES = 4 * 1024 * 1024

export interface ReaderRequest {
  file: string
}

export type ReaderMessage =
  | { records: WxrRecord[] }
  | { done: true }
  | { syntaxError: { reason: string; line: number; column: number; context: string } }
  | { failure: string }

/** An export's bytes, in large chunks (a 100,000-post file is ~230 MB). */
export const openExport = (file: string) => createReadStream(file, { highWaterMark: 256 * 1024 })

/**
 * The records of a WXR file: on a second thread when `ahead` says so (by default, for files of READ_AHEAD_BYTES
 * or more), else on this one.
 */
export async function* readWxrFile(file: string, ahead = statSync(file).size >= READ_AHEAD_BYTES): AsyncGenerator<WxrRecord> {
  if (!ahead) {
    yield* readWxr(openExport(file))
    return
  }
  const worker = startReader({ file })
  const inbox: ReaderMessage[] = []
  let arrived: (() => void) | null = null
  const deliver = (message: ReaderMessage) => {
    inbox.push(message)
    arrived?.()
    arrived = null
  }
  worker.on('message', deliver)
  worker.on('error', (err) => deliver({ failure: err.stack ?? err.message }))
  worker.on('exit', (code) => deliver({ failure: `the reading thread stopped (exit code ${code})` }))
  try {
    for (;;) {
      if (!inbox.length) await new Promise<void>((resolve) => (arrived = resolve))
      const message = inbox.shift()!
      if ('records' in message) {
        // Taken: the reader may read one batch more while these are imported.
        worker.postMessage(1)
        yield* message.records
      } else if ('done' in message) return
      else if ('syntaxError' in message) {
        const { reason, line, column, context } = message.syntaxError
        throw new WxrSyntaxError(reason, line, column, context)
      } else throw new Error(`Reading the export failed: ${message.failure}`)
    }
  } finally {
    worker.removeAllListeners()
    await worker.terminate()
  }
}

/** The reading thread: built JavaScript as users run it, or TypeScript through tsx in tests and benchmarks. */
function startReader(request: ReaderRequest): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./read-worker.js', import.meta.url), { workerData: request })
  const tsx = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.cjs$/, '.mjs')).href
  const script = new URL('./read-worker.ts', import.meta.url).href
  const boot = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(script)}) })`
  return new Worker(boot, { eval: true, workerData: request })
}
