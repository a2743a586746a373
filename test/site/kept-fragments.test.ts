import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { openSite, type Site } from '../../src/boot.js'
import type { Config } from '../../src/config/index.js'
import { startServer, type RunningServer } from '../../src/main.js'
import { startCacheInvalidation } from '../../src/site/cache/index.js'
import { createViews } from '../../src/site/views.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS, tempDataDir, testConfig } from '../helpers/databases.js'
import { freePort } from '../helpers/server.js'

/** Polls until `check` holds (or fails after a few seconds): another process's write is heard asynchronously. */
async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

/**
 * What the site keeps between requests to render pages without the page cache (authors, post views with their
 * author, and the theme's `{{#keep}}` fragments: post cards, Read Also items, the comment list) is renewed by
 * every write readers could see, made here or by another process.
 */
describe.each(DIALECTS)('kept fragments of uncached pages on %s', (dialect) => {
  let config: Config
  let server: RunningServer
  let cleanup: () => void
  let postId = 0
  let postUrl = ''
  let authorId = 0
  let categoryId = 0

  const html = async (url: string) => {
    const res = await fetch(url)
    expect(res.status).toBe(200)
    return res.text()
  }
  /** The page twice: the second answer comes from what the first one kept. */
  const twice = async (url: string) => {
    await html(url)
    return html(url)
  }

  beforeAll(async () => {
    const dir = tempDataDir()
    cleanup = dir.cleanup
    config = await testConfig(dialect, dir.dir, { PORT: String(await freePort()), PRESSROOM_PAGE_CACHE: 'off' })
    server = await startServer(config)
    const { users, terms, posts, comments, permalinks } = server.services
    authorId = (await users.create({ email: 'ann@news.example', displayName: 'Ann Writer', role: 'author', password: null }, systemActor)).id
    categoryId = (await terms.create('category', { name: 'Harbour News' }, systemActor)).id
    for (let i = 0; i < 3; i++) {
      const post = await posts.create({ title: `Bridge story ${i + 1}`, content: `<p>Story ${i + 1}.</p>`, status: 'publish', authorId, categories: [categoryId], commentStatus: 'open' }, systemActor)
      postId = post.id
    }
    await comments.create({ postId, authorName: 'First Reader', authorEmail: 'first@example.com', content: 'Well said.', status: 'approved' }, systemActor)
    await server.services.search.idle()
    postUrl = await permalinks.linkFor(await posts.get(postId, systemActor))
  }, 60_000)
  afterAll(async () => {
    await server?.close()
    cleanup?.()
  })

  test('a post card is renewed when its post is edited, its category renamed or its author renamed', async () => {
    const { posts, terms, users } = server.services
    const home = await twice(`${server.url}/`)
    expect(home).toContain('Bridge story 3')
    // Lists read posts without their bodies: the opening words of a post without an excerpt are still shown.
    expect(home).toContain('<p class="card-excerpt">Story 2.</p>')
    await posts.update(postId, { title: 'Bridge story, corrected' }, systemActor)
    const edited = await twice(`${server.url}/`)
    expect(edited).toContain('Bridge story, corrected')
    expect(edited).not.toContain('Bridge story 3<')

    await terms.update(categoryId, { name: 'Port News' }, systemActor)
    const renamed = await twice(`${server.url}/`)
    expect(renamed).toContain('Port News')
    expect(renamed).not.toContain('Harbour News') // in the card and in the menu made of the busiest sections

    await server.services.settings.update({ menus: { primary: [{ label: 'Weather desk', type: 'url', target: 'https://weather.example/' }] } }, systemActor)
    const menu = await twice(`${server.url}/`)
    expect(menu).toContain('<a href="https://weather.example/">Weather desk</a>')
    expect(menu).not.toContain('<li class="nav-item"><a href="http://') // the sections menu is gone

    expect(renamed).toContain('Ann Writer')
    await users.update(authorId, { displayName: 'Ann Editor' }, systemActor)
    const byline = await twice(`${server.url}/`)
    expect(byline).toContain('Ann Editor')
    expect(byline).not.toContain('Ann Writer')
  })

  test("an author's new web address reaches the views templates receive", async () => {
    const views = createViews(server.services)
    const row = await server.services.posts.get(postId, systemActor)
    const [before] = await views.posts([row])
    expect(before!.author!.website).toBe('')
    await server.services.users.update(authorId, { url: 'https://ann.example' }, systemActor)
    const [after] = await views.posts([row])
    expect(after!.author!.website).toBe('https://ann.example')
    // Kept, frozen, and the same object while nothing changes.
    expect(Object.isFrozen(after)).toBe(true)
    expect((await views.posts([row]))[0]).toBe(after)
  })

  test('the comment list is renewed when a comment is approved, and loses its reply links when comments close', async () => {
    const { comments, posts } = server.services
    const first = await twice(postUrl)
    expect(first).toContain('First Reader')
    expect(first).toContain('class="comment-reply-link"')
    const held = await comments.create({ postId, authorName: 'Second Reader', authorEmail: 'second@example.com', content: 'Agreed.', status: 'pending' }, systemActor)
    expect(await twice(postUrl)).not.toContain('Second Reader')
    await comments.update(held.id, { status: 'approved' }, systemActor)
    expect(await twice(postUrl)).toContain('Second Reader')

    await posts.update(postId, { commentStatus: 'closed' }, systemActor)
    const closed = await twice(postUrl)
    expect(closed).toContain('Second Reader')
    expect(closed).toContain('Comments are closed.')
    expect(closed).not.toContain('class="comment-reply-link"')
  })

  test("another process's writes reach the pages: an author renamed, a post edited", async () => {
    const other: Site = await openSite(config, { seed: false })
    // As the CLI runs: its writes are told to the app servers, it listens to nobody.
    const invalidation = startCacheInvalidation({ events: other.services.events, dialect: other.services.handle.dialect, settings: other.services.settings, listen: false })
    try {
      await invalidation.ready
      expect(await twice(`${server.url}/`)).toContain('Ann Editor')
      await other.services.users.update(authorId, { displayName: 'Ann Reporter' }, systemActor)
      await waitFor(async () => (await html(`${server.url}/`)).includes('Ann Reporter'), 'the other process\'s rename on the home page')
      expect(await html(`${server.url}/`)).not.toContain('Ann Editor')

      expect(await twice(postUrl)).toContain('Bridge story, corrected')
      await other.services.posts.update(postId, { title: 'Bridge story, from the CLI' }, systemActor)
      await waitFor(async () => (await html(`${server.url}/`)).includes('Bridge story, from the CLI'), 'the other process\'s edit on the home page')
    } finally {
      await invalidation.close()
      await other.close()
    }
  })
})
