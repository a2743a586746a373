import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import sharp from 'sharp'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import { sniffType } from '../../src/media/index.js'
import type { Clock } from '../../src/shared/clock.js'
import { DomainError } from '../../src/shared/errors.js'
import type { Actor, Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'

const png = (width = 40, height = 30) => sharp({ create: { width, height, channels: 3, background: '#f00' } }).png().toBuffer()
const jpeg = (width = 64, height = 48) => sharp({ create: { width, height, channels: 3, background: '#00f' } }).jpeg().toBuffer()

describe.each(DIALECTS)('media uploads on %s', (dialect) => {
  let site: Site
  let cleanup: () => void
  let uploadsDir: string
  let as: Record<Role, { id: number; actor: Actor }>
  const clock: Clock = { now: () => new Date('2024-03-15T10:20:30.000Z') }
  beforeEach(async () => {
    const data = tempDataDir()
    cleanup = data.cleanup
    const config = await testConfig(dialect, data.dir)
    uploadsDir = config.uploadsDir
    expect(uploadsDir).toBe(path.join(data.dir, 'uploads'))
    site = await openSite(config, { seed: false, clock })
    as = await usersByRole(site.services)
  })
  afterEach(async () => {
    await site.close()
    cleanup()
  })

  const mediaRows = () => site.services.handle.db.selectFrom('media').selectAll().orderBy('id').execute()
  const filesOnDisk = () => (existsSync(uploadsDir) ? readdirSync(uploadsDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name) : [])

  test('a PNG is stored under uploads/YYYY/MM/ with its size, dimensions and type recorded', async () => {
    const data = await png()
    const row = await site.services.media.upload({ data, filename: 'Red Square.png', altText: 'A red square', caption: 'Red' }, as.author.actor)
    expect(row).toMatchObject({
      file: '2024/03/red-square.png',
      original_name: 'Red Square.png',
      mime_type: 'image/png',
      size: data.length,
      width: 40,
      height: 30,
      title: 'Red Square',
      alt_text: 'A red square',
      caption: 'Red',
      author_id: as.author.id,
      created_at: '2024-03-15T10:20:30.000Z',
    })
    const onDisk = path.join(uploadsDir, '2024', '03', 'red-square.png')
    expect(readFileSync(onDisk).equals(data)).toBe(true)
    expect(await site.services.media.get(row.id)).toEqual(row)
  })

  test('a JPEG gets its real dimensions and the .jpg extension', async () => {
    const data = await jpeg()
    const row = await site.services.media.upload({ data, filename: 'holiday.JPEG' }, as.editor.actor)
    expect(row).toMatchObject({ file: '2024/03/holiday.jpg', mime_type: 'image/jpeg', width: 64, height: 48, size: data.length })
    expect(existsSync(path.join(uploadsDir, '2024/03/holiday.jpg'))).toBe(true)
  })

  test('the stored name comes from a sanitized original name and the type found in the content', async () => {
    const { media } = site.services
    const a = await media.upload({ data: await png(), filename: 'Été à Paris (final) v2!.png' }, as.author.actor)
    expect(a.file).toBe('2024/03/ete-a-paris-final-v2.png')
    // the name's extension is not believed: this PNG is stored as one
    const b = await media.upload({ data: await png(), filename: 'pretending.gif' }, as.author.actor)
    expect(b).toMatchObject({ file: '2024/03/pretending.png', mime_type: 'image/png' })
    // a path in the name cannot escape the uploads folder
    const c = await media.upload({ data: await png(), filename: '../../../etc/passwd.png' }, as.author.actor)
    expect(c.file).toBe('2024/03/passwd.png')
    const d = await media.upload({ data: await png(), filename: '!!!.png' }, as.author.actor)
    expect(d.file).toBe('2024/03/file.png')
    expect(filesOnDisk().sort()).toEqual(['ete-a-paris-final-v2.png', 'file.png', 'passwd.png', 'pretending.png'])
  })

  test('a name already taken is numbered -2, -3', async () => {
    const { media } = site.services
    const first = await media.upload({ data: await png(), filename: 'photo.png' }, as.author.actor)
    const second = await media.upload({ data: await png(20, 10), filename: 'Photo.png' }, as.author.actor)
    const third = await media.upload({ data: await png(10, 20), filename: 'photo.png' }, as.editor.actor)
    expect([first.file, second.file, third.file]).toEqual(['2024/03/photo.png', '2024/03/photo-2.png', '2024/03/photo-3.png'])
    expect([second.width, second.height]).toEqual([20, 10])
    // the first file was not overwritten
    expect(readFileSync(path.join(uploadsDir, first.file)).equals(await png())).toBe(true)
  })

  test('a text file renamed .jpg is refused and nothing is stored', async () => {
    const err = await site.services.media
      .upload({ data: Buffer.from('This is only text, whatever the name says.\n'), filename: 'evil.jpg' }, as.author.actor)
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ kind: 'invalid', code: 'unsupported_file_type' })
    expect(await mediaRows()).toEqual([])
    expect(filesOnDisk()).toEqual([])
  })

  test('an SVG or HTML file is refused', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    await expect(site.services.media.upload({ data: svg, filename: 'logo.svg' }, as.editor.actor)).rejects.toMatchObject({ code: 'unsupported_file_type' })
    const html = Buffer.from('<!doctype html><html><body>hi</body></html>')
    await expect(site.services.media.upload({ data: html, filename: 'page.png' }, as.editor.actor)).rejects.toMatchObject({ code: 'unsupported_file_type' })
    expect(await mediaRows()).toEqual([])
  })

  test('an image that only starts like one is refused as damaged', async () => {
    const fake = Buffer.concat([(await png()).subarray(0, 16), Buffer.alloc(64, 0)])
    await expect(site.services.media.upload({ data: fake, filename: 'broken.png' }, as.author.actor)).rejects.toMatchObject({ code: 'invalid_image' })
    expect(await mediaRows()).toEqual([])
    expect(filesOnDisk()).toEqual([])
  })

  test('an empty file is refused', async () => {
    await expect(site.services.media.upload({ data: Buffer.alloc(0), filename: 'empty.png' }, as.author.actor)).rejects.toMatchObject({ kind: 'invalid', code: 'empty_upload' })
    expect(await mediaRows()).toEqual([])
  })

  test('a subscriber and a contributor may not upload; a reader must sign in', async () => {
    const data = await png()
    for (const role of ['subscriber', 'contributor'] as const) {
      await expect(site.services.media.upload({ data, filename: 'x.png' }, as[role].actor)).rejects.toMatchObject({
        kind: 'forbidden',
        details: { capability: 'upload_files' },
      })
    }
    await expect(site.services.media.upload({ data, filename: 'x.png' }, { kind: 'anonymous' })).rejects.toMatchObject({ kind: 'unauthenticated' })
    expect(await mediaRows()).toEqual([])
    expect(filesOnDisk()).toEqual([])
  })

  test('get of a missing item is media_not_found', async () => {
    await expect(site.services.media.get(4242)).rejects.toMatchObject({ kind: 'not_found', code: 'media_not_found' })
  })
})

describe('sniffType', () => {
  const pad = (head: number[] | string, total = 32) => {
    const start = typeof head === 'string' ? Buffer.from(head, 'latin1') : Buffer.from(head)
    return Buffer.concat([start, Buffer.alloc(Math.max(0, total - start.length))])
  }

  test('real images made by sharp', async () => {
    expect(sniffType(await png())).toEqual({ mime: 'image/png', ext: 'png', image: true })
    expect(sniffType(await jpeg())).toEqual({ mime: 'image/jpeg', ext: 'jpg', image: true })
    const base = sharp({ create: { width: 8, height: 8, channels: 3, background: '#0f0' } })
    expect(sniffType(await base.clone().gif().toBuffer())).toEqual({ mime: 'image/gif', ext: 'gif', image: true })
    expect(sniffType(await base.clone().webp().toBuffer())).toEqual({ mime: 'image/webp', ext: 'webp', image: true })
    expect(sniffType(await base.clone().avif().toBuffer())).toEqual({ mime: 'image/avif', ext: 'avif', image: true })
  })

  test.each([
    ['GIF87a', 'image/gif'],
    ['GIF89a', 'image/gif'],
    ['RIFF\x00\x00\x00\x00WEBPVP8 ', 'image/webp'],
    ['\x00\x00\x00\x1cftypavif', 'image/avif'],
    ['\x00\x00\x00\x1cftypavis', 'image/avif'],
    ['%PDF-1.7\n', 'application/pdf'],
    ['\x00\x00\x00\x18ftypmp42', 'video/mp4'],
    ['\x00\x00\x00\x20ftypisom', 'video/mp4'],
    ['ID3\x04\x00', 'audio/mpeg'],
    ['\xff\xfb\x90\x00', 'audio/mpeg'],
  ])('magic bytes %j are %s', (head, mime) => {
    expect(sniffType(pad(head))?.mime).toBe(mime)
  })

  test.each([
    ['plain text', 'Just some words, nothing more'],
    ['HTML', '<!DOCTYPE html><html></html>'],
    ['SVG', '<svg xmlns="http://www.w3.org/2000/svg"></svg>'],
    ['a RIFF that is not WebP', 'RIFF\x00\x00\x00\x00WAVEfmt '],
    ['a ZIP', 'PK\x03\x04\x14\x00\x00\x00'],
    ['an executable', 'MZ\x90\x00\x03\x00\x00\x00'],
  ])('%s is not recognised', (_, head) => {
    expect(sniffType(pad(head))).toBeNull()
  })

  test('fewer than 12 bytes are never recognised, even with a magic prefix', () => {
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBeNull()
    expect(sniffType(Buffer.alloc(0))).toBeNull()
  })

  test('JPEG is recognised from FF D8 FF, not from FF D8 alone', () => {
    expect(sniffType(pad([0xff, 0xd8, 0xff, 0xe0]))?.mime).toBe('image/jpeg')
    expect(sniffType(pad([0xff, 0xd8, 0x00, 0x00]))).toBeNull()
  })
})
