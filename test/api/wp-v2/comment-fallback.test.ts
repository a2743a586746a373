import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../../src/users/index.js'
import { DIALECTS } from '../../helpers/databases.js'
import { startTestServer, type TestServer } from '../../helpers/server.js'

describe.each(DIALECTS)('a comment stored without rendered HTML, in the REST API on %s', (dialect) => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer(dialect)
  })
  afterAll(() => server?.close())

  test('is rendered through the comment allowlist, never sent as it was typed', async () => {
    const { posts, comments } = server.services
    const post = await posts.create({ title: 'Old thread', content: '<p>Words.</p>', status: 'publish', commentStatus: 'open' }, systemActor)
    const comment = await comments.create({ postId: post.id, authorName: 'Old reader', authorEmail: 'old@example.com', content: 'Fine words.', status: 'approved' }, systemActor)
    // As a row from before bodies were rendered at save (or written by another tool) would be.
    await server.services.handle.db.updateTable('comments').set({ content: 'Hello <script>alert(1)</script><em>there</em> <img src=x onerror=alert(2)>', content_html: '' }).where('id', '=', comment.id).execute()
    const res = await fetch(`${server.url}/wp-json/wp/v2/comments/${comment.id}`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { content: { rendered: string } }
    expect(body.content.rendered).toContain('<em>there</em>')
    expect(body.content.rendered).not.toMatch(/<script|onerror|<img/i)
  })
})
