import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { appliedMigrations } from '../../src/db/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite } from './cli-harness.js'

describe.each(DIALECTS)('pressroom migrate on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  test('applies every migration to a new database and sets up the site, then has nothing to do', async () => {
    const first = await site.run(['migrate'])
    expect(first).toMatchObject({ code: 0, stderr: '' })
    expect(first.stdout).toMatch(/^Applied 0001-init$/m)
    expect(first.stdout).toMatch(/^Set up a new site in /m)
    const applied = await site.inspect((s) => appliedMigrations(s.handle))
    for (const name of applied) expect(first.stdout).toContain(`Applied ${name}\n`)
    // The new site is seeded as on a first start: the welcome post is there.
    const posts = JSON.parse((await site.run(['post', 'list', '--json'])).stdout) as { slug: string }[]
    expect(posts.map((p) => p.slug)).toEqual(['welcome-to-pressroom'])

    expect(await site.run(['migrate'])).toMatchObject({ code: 0, stdout: 'Database is up to date.\n' })
  })
})
