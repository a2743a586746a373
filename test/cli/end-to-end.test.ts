import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { startServer } from '../../src/main.js'
import { DIALECTS } from '../helpers/databases.js'
import { freePort } from '../helpers/server.js'
import { cliSite, type CliSite } from './cli-harness.js'

describe.each(DIALECTS)('a post created with the CLI is on the home page (%s)', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  test('pressroom post create --status publish, then GET / shows it; drafts stay hidden', async () => {
    const published = await site.run(['post', 'create', '--title', 'Harbour bridge reopens', '--content', '<p>Traffic flows again.</p>', '--status', 'publish', '--category', 'City'])
    expect(published.code).toBe(0)
    expect((await site.run(['post', 'create', '--title', 'Embargoed story', '--content', 'x'])).code).toBe(0)
    const port = await freePort()
    const server = await startServer(loadConfig({ env: { ...site.env, PORT: String(port) }, cwd: site.dir }))
    try {
      const home = await (await fetch(`${server.url}/`)).text()
      expect(home).toContain('Harbour bridge reopens')
      expect(home).toContain('Welcome to Pressroom')
      expect(home).not.toContain('Embargoed story')
      const link = /href="([^"]+harbour-bridge-reopens\/)"/.exec(home)![1]!
      const post = await fetch(`${server.url}${new URL(link).pathname}`)
      expect(post.status).toBe(200)
      expect(await post.text()).toContain('Traffic flows again.')
    } finally {
      await server.close()
    }
  })
})
