/**
 * The second thread of a large import (see read-ahead.ts): reads the file, parses it, and converts each post's
 * and page's content ahead when the conversion needs nothing the import has yet to decide (no gallery asking
 * for media), sending the records in order, a batch at a time, never more than a few batches ahead.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { convertWordPressContent } from './convert/index.js'
import { WxrSyntaxError } from './text-stream.js'
import { isPressroomExport, type WxrRecord } from './types.js'
import { type ReaderMessage, type ReaderRequest, readWxrFile } from './read-ahead.js'

const RECORDS_PER_BATCH = 64
/** Batches sent and not yet taken by the import before the reader waits. */
const BATCHES_AHEAD = 8

const port = parentPort!
const { file } = workerData as ReaderRequest
let credits = BATCHES_AHEAD
let wake: (() => void) | null = null
port.on('message', () => {
  credits++
  wake?.()
  wake = null
})

const post = (message: ReaderMessage) => port.postMessage(message)

async function send(records: WxrRecord[]): Promise<void> {
  while (credits === 0) await new Promise<void>((resolve) => (wake = resolve))
  credits--
  post({ records })
}

/**
 * WordPress's formatting applied here, unless the content asks for media (a gallery) or the conversion fails:
 * the import converts those itself, and a failure is then reported there, naming the item, as on one thread.
 */
function convertAhead(raw: string): string | undefined {
  let asksForMedia = false
  try {
    const html = convertWordPressContent(raw, {
      resolveMedia: () => void (asksForMedia = true),
      listAttachedMedia: () => ((asksForMedia = true), []),
    })
    return asksForMedia ? undefined : html
  } catch {
    return undefined
  }
}

let batch: WxrRecord[] = []

async function read(): Promise<void> {
  let convert = true
  for await (const record of readWxrFile(file, false)) {
    if (record.kind === 'channel') convert = !isPressroomExport(record.channel)
    else if (record.kind === 'item' && convert && (record.item.type === 'post' || record.item.type === 'page')) record.item.converted = convertAhead(record.item.content)
    batch.push(record)
    if (batch.length === RECORDS_PER_BATCH) {
      await send(batch)
      batch = []
    }
  }
  if (batch.length) await send(batch)
  post({ done: true })
}

read().catch(async (err: unknown) => {
  // What was read before the fault goes first, as it would from readWxr.
  if (batch.length) await send(batch)
  if (err instanceof WxrSyntaxError) post({ syntaxError: { reason: err.reason, line: err.line, column: err.column, context: err.context } })
  else post({ failure: err instanceof Error ? (err.stack ?? err.message) : String(err) })
})
