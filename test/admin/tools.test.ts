import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DIALECTS } from '../helpers/databases.js'
import { cookieHeader, startTestServer, type TestServer } from '../helpers/server.js'
import { ownFixture } from '../wxr/fixtures.js'
import { type AdminClient, adminClient, PASSWORD, signIn, staff } from './helpers.js'

interface Job {
  id: string
  status: 'running' | 'done' | 'failed'
  phase: string
  done: number
  total: number
  summary: { posts: { imported: number }; pages: { imported: number }; comments: { imported: number }; missingFiles: string[]; file: string } | null
  error: { code: string; message: string; data: { status: number } } | null
}

/** A multipart upload as a browser sends it, with the client's session cookie and (unless told otherwise) its nonce. */
function upload(server: TestServer, client: AdminClient | null, name: string, body: string | Buffer, { nonce }: { nonce?: string | null } = {}) {
  const form = new FormData()
  form.append('file', new Blob([body], { type: 'text/xml' }), name)
  const headers: Record<string, string> = { accept: 'application/json' }
  if (client) headers.cookie = cookieHeader(client.cookies)
  const n = nonce === undefined ? client?.nonce : nonce
  if (n) headers['x-wp-nonce'] = n
  return fetch(`${server.url}/admin/api/tools/import`, { method: 'POST', headers, body: form })
}

/** Polls the job until it is over, as the Tools screen does. */
async function finished(client: AdminClient, id: string): Promise<Job> {
  for (;;) {
    const res = await client.call('GET', `/admin/api/tools/import/${id}`)
    expect(res.status).toBe(200)
    const job = (await res.json()) as Job
    if (job.status !== 'running') return job
    await new Promise((r) => setTimeout(r, 100))
  }
}

const counts = async (server: TestServer) => {
  const { db } = server.services.handle
  const n = async (table: 'posts' | 'terms' | 'comments' | 'users' | 'media') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  return { posts: await n('posts'), terms: await n('terms'), comments: await n('comments'), users: await n('users'), media: await n('media') }
}

describe.each(DIALECTS)('Tools → Import and Export (admin API) on %s', (dialect) => {
  let server: TestServer
  let admin: AdminClient
  beforeAll(async () => {
    server = await startTestServer(dialect)
    await staff(server.services)
    admin = await signIn(server.url, 'administrator@example.com', PASSWORD)
  })
  afterAll(() => server?.close())

  test('the import and export endpoints refuse without a session, with an editor\'s session, and without the nonce', async () => {
    const xml = readFileSync(ownFixture('discussion.xml'))
    const before = await counts(server)
    const anonymous = await adminClient(server.url)
    const editor = await signIn(server.url, 'editor@example.com', PASSWORD)

    const noSession = await upload(server, null, 'site.xml', xml)
    expect(noSession.status).toBe(401)
    expect(await noSession.json()).toMatchObject({ code: 'rest_not_logged_in', data: { status: 401 } })
    const noNonce = await upload(server, admin, 'site.xml', xml, { nonce: null })
    expect(noNonce.status).toBe(403)
    expect(await noNonce.json()).toMatchObject({ code: 'rest_cookie_invalid_nonce', data: { status: 403 } })
    const wrongNonce = await upload(server, admin, 'site.xml', xml, { nonce: editor.nonce })
    expect(wrongNonce.status).toBe(403)
    const asEditor = await upload(server, editor, 'site.xml', xml)
    expect(asEditor.status).toBe(403)
    expect(await asEditor.json()).toMatchObject({ code: 'rest_forbidden', data: { status: 403, capability: 'import' } })

    for (const [client, nonce, status] of [[anonymous, undefined, 401], [admin, null, 403], [editor, undefined, 403]] as const) {
      const exported = await client.call('GET', '/admin/api/tools/export', { nonce })
      expect(exported.status).toBe(status)
      const job = await client.call('GET', '/admin/api/tools/import/00000000-0000-0000-0000-000000000000', { nonce })
      expect(job.status).toBe(status)
    }
    expect(await counts(server)).toEqual(before)
  })

  test('a malformed file is refused with its line and column, and nothing changes', async () => {
    const before = await counts(server)
    const good = readFileSync(ownFixture('discussion.xml'), 'utf8')
    const broken = good.replace('</wp:comment_content>', '</wp:comment_contents>')
    const res = await upload(server, admin, 'broken.xml', broken)
    expect(res.status).toBe(202)
    const job = await finished(admin, ((await res.json()) as Job).id)
    expect(job.status).toBe('failed')
    expect(job.summary).toBeNull()
    expect(job.error?.code).toBe('wxr_invalid_file')
    expect(job.error?.data.status).toBe(400)
    expect(job.error?.message).toMatch(/^broken\.xml: .+ at line \d+, column \d+.*\. Nothing was imported\.$/)
    expect(await counts(server)).toEqual(before)

    const empty = await upload(server, admin, 'empty.xml', '')
    expect(empty.status).toBe(400)
    expect(await empty.json()).toMatchObject({ code: 'wxr_empty_file', data: { status: 400 } })
    const noFile = await admin.call('POST', '/admin/api/tools/import', { body: {} })
    expect(noFile.status).toBe(400)
    expect(await noFile.json()).toMatchObject({ code: 'wxr_no_file' })
    expect(await counts(server)).toEqual(before)
  })

  test('an upload is imported as a job whose progress and summary are polled; export downloads WXR with the filters', async () => {
    const res = await upload(server, admin, 'links-menus.xml', readFileSync(ownFixture('links-menus.xml')))
    expect(res.status).toBe(202)
    const started = (await res.json()) as Job
    expect(started).toMatchObject({ status: 'running', file: 'links-menus.xml' })
    const job = await finished(admin, started.id)
    expect(job.error).toBeNull()
    expect(job).toMatchObject({ status: 'done', phase: 'import' })
    expect(job.done).toBe(job.total)
    expect(job.summary).toMatchObject({ file: 'links-menus.xml', posts: { imported: 3 }, pages: { imported: 2 } })
    // The imported posts' Read Also lists are computed in the background, before anyone reads them.
    const { db } = server.services.handle
    const published = (await db.selectFrom('posts').select('id').where('type', '=', 'post').where('status', '=', 'publish').execute()).map((r) => r.id)
    expect(published.length).toBeGreaterThanOrEqual(2)
    await expect.poll(async () => (await db.selectFrom('related_lists').select('post_id').where('post_id', 'in', published).execute()).length, { timeout: 10_000 }).toBe(published.length)
    const page = await fetch(`${server.url}/2024/03/05/earlier/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<h1 class="article-title">Earlier</h1>')

    const all = await admin.call('GET', '/admin/api/tools/export')
    expect(all.status).toBe(200)
    expect(all.headers.get('content-type')).toContain('application/xml')
    expect(all.headers.get('content-disposition')).toMatch(/^attachment; filename="pressroom\.wordpress\.\d{4}-\d{2}-\d{2}\.xml"$/)
    const text = await all.text()
    expect(text).toContain('<wp:wxr_version>1.2</wp:wxr_version>')
    expect(text).toContain('<wp:post_name><![CDATA[earlier]]></wp:post_name>')
    expect(text).toContain('<wp:post_type><![CDATA[nav_menu_item]]></wp:post_type>')
    const pages = await (await admin.call('GET', '/admin/api/tools/export?type=page')).text()
    expect(pages.match(/<wp:post_type><!\[CDATA\[(\w+)\]\]>/g)).toEqual(['<wp:post_type><![CDATA[page]]>', '<wp:post_type><![CDATA[page]]>'])
    const bad = await admin.call('GET', '/admin/api/tools/export?status=nonsense')
    expect(bad.status).toBe(400)
    expect(await bad.json()).toMatchObject({ code: 'invalid_param', data: { status: 400 } })
    expect(path.basename(job.summary!.file)).toBe('links-menus.xml')
  })
})
