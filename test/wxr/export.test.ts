import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { exportWxr, importWxr } from '../../src/wxr/index.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'
import { tempFile } from './fixtures.js'
import { wxrDocument } from './wxr-builder.js'

describe.each(DIALECTS)('exporting WXR on %s', (dialect) => {
  let site: TestSite
  beforeEach(async () => {
    site = await openTestSite(dialect)
  })
  afterEach(() => site.close())

  test('the export is streamed: small pieces, each written once the writer is ready for it', async () => {
    const items = Array.from({ length: 450 }, (_, i) => ({ id: i + 1, title: `Story ${i + 1}`, content: `Story ${i + 1}. ${'Words. '.repeat(150)}`, comments: [{ id: 5000 + i }] }))
    const { file, cleanup } = tempFile('many.xml', wxrDocument(items))
    try {
      await importWxr(site.services, file)
    } finally {
      cleanup()
    }
    const pieces: number[] = []
    let writing = false
    let overlapped = false
    const summary = await exportWxr(site.services, async (chunk) => {
      if (writing) overlapped = true
      writing = true
      pieces.push(chunk.length)
      // A slow writer (a file stream under backpressure): the export must wait for it.
      await new Promise((resolve) => setImmediate(resolve))
      writing = false
    })
    expect(summary).toMatchObject({ posts: 450, comments: 450 })
    expect(overlapped).toBe(false)
    const whole = pieces.reduce((a, b) => a + b, 0)
    expect(pieces.length).toBeGreaterThan(450)
    // No piece holds more than an item or two: the document is never built in memory.
    expect(Math.max(...pieces)).toBeLessThan(whole / 100)
  })
})
