import { existsSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import SqliteDatabase from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { openSite } from '../../src/boot.js'
import { loadConfig } from '../../src/config/index.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

describe('pressroom backup and restore on sqlite', () => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite('sqlite')
    await site.run(['migrate'])
  })
  afterEach(() => site.cleanup())

  const titles = async () => JSON.parse((await site.run(['post', 'list', '--status', 'any', '--json'])).stdout).map((p: { title: string }) => p.title)

  test('a backup restores the site as it was: a post written after it is gone', async () => {
    await site.run(['post', 'create', '--title', 'Before the backup', '--content', 'x', '--status', 'publish'])
    const backup = await site.run(['backup', 'copy.db'])
    expect(backup.code).toBe(0)
    expect(backup.stdout).toContain(`Backed up the site to ${path.join(site.dir, 'copy.db')}`)
    expect(existsSync(path.join(site.dir, 'copy.db'))).toBe(true)

    await site.run(['post', 'create', '--title', 'After the backup', '--content', 'x', '--status', 'publish'])
    expect(await titles()).toContain('After the backup')

    const restore = await site.run(['restore', 'copy.db'])
    expect(restore).toMatchObject({ code: 0, stderr: '' })
    expect(restore.stdout).toContain('Restored the site from')
    const after = await titles()
    expect(after).toContain('Before the backup')
    expect(after).not.toContain('After the backup')
  })

  test('backup copies a site that is open elsewhere, including what only its write-ahead log holds yet', async () => {
    // The site stays open, as a running server keeps it: its latest writes sit in pressroom.db-wal, not yet in pressroom.db.
    const running = await openSite(loadConfig({ env: site.env, cwd: site.dir }))
    try {
      const post = await running.services.posts.create({ title: 'Written while serving', content: '<p>x</p>', status: 'publish' }, systemActor)
      expect(statSync(path.join(site.dir, 'pressroom.db-wal')).size).toBeGreaterThan(0)
      const backup = await site.run(['backup', 'online.db'])
      expect(backup.code).toBe(0)
      const copy = new SqliteDatabase(path.join(site.dir, 'online.db'), { readonly: true, fileMustExist: true })
      try {
        expect(copy.pragma('integrity_check', { simple: true })).toBe('ok')
        expect(copy.prepare('select title from posts where id = ?').pluck().get(post.id)).toBe('Written while serving')
        expect(existsSync(path.join(site.dir, 'online.db-wal')) && statSync(path.join(site.dir, 'online.db-wal')).size > 0).toBe(false)
      } finally {
        copy.close()
      }
      // and the open site keeps working afterwards
      expect((await running.services.posts.create({ title: 'After', content: 'y' }, systemActor)).title).toBe('After')
    } finally {
      await running.close()
    }
  })

  test('restore into an empty data folder sets the site up there from the backup, without a welcome post of its own', async () => {
    await site.run(['post', 'create', '--title', 'Moving house', '--content', 'x', '--status', 'publish'])
    expect((await site.run(['backup', 'moving.db'])).code).toBe(0)
    const elsewhere = path.join(site.dir, 'new-home')
    const restore = await site.run(['restore', 'moving.db', '--data', elsewhere])
    expect(restore).toMatchObject({ code: 0, stderr: '' })
    const listed = JSON.parse((await site.run(['post', 'list', '--json', '--data', elsewhere])).stdout) as { title: string }[]
    expect(listed.map((p) => p.title).sort()).toEqual(['Moving house', 'Welcome to Pressroom'])
  })

  test('backup will not overwrite a file (exit 1)', async () => {
    writeFileSync(path.join(site.dir, 'taken.db'), 'keep me')
    const result = await site.run(['backup', 'taken.db'])
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/^error: .*taken\.db already exists/)
  })

  test('restore refuses files that are not backups, and the site is unchanged', async () => {
    await site.run(['post', 'create', '--title', 'Still here', '--content', 'x'])
    writeFileSync(path.join(site.dir, 'notes.txt'), 'not a database at all, just some text that is long enough to have a header')
    const text = await site.run(['restore', 'notes.txt'])
    expect(text.code).toBe(1)
    expect(errorLine(text)).toMatch(/^error: cannot restore from .*notes\.txt: file is not a database$/)

    const other = new SqliteDatabase(path.join(site.dir, 'other.db'))
    other.exec('create table things (id integer primary key)')
    other.close()
    const foreign = await site.run(['restore', 'other.db'])
    expect(foreign.code).toBe(1)
    expect(errorLine(foreign)).toMatch(/is not a Pressroom backup/)

    const missing = await site.run(['restore', 'nowhere.db'])
    expect(missing.code).toBe(2)
    expect(errorLine(missing)).toMatch(/^error: no such file: .*nowhere\.db$/)
    expect(await titles()).toContain('Still here')
  })

  test('backup of a data folder without a site exits 1 and creates nothing', async () => {
    const empty = path.join(site.dir, 'empty')
    const result = await site.run(['backup', 'copy.db', '--data', empty])
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/^error: there is no site in .*empty to back up$/)
    expect(existsSync(empty)).toBe(false)
  })
})

describe.runIf(DIALECTS.includes('postgres'))('pressroom backup and restore on postgres', () => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite('postgres')
  })
  afterEach(() => site.cleanup())

  test('backup says to use pg_dump and exits 1', async () => {
    const result = await site.run(['backup', 'copy.db'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(errorLine(result)).toMatch(/^error: backup cannot copy a PostgreSQL database: use pg_dump/)
    expect(existsSync(path.join(site.dir, 'copy.db'))).toBe(false)
  })

  test('restore refuses too and exits 1', async () => {
    writeFileSync(path.join(site.dir, 'copy.db'), 'x')
    const result = await site.run(['restore', 'copy.db'])
    expect(result.code).toBe(1)
    expect(errorLine(result)).toMatch(/^error: restore cannot replace a PostgreSQL database: use pg_restore/)
  })
})
