import type { KyselyPlugin, RootOperationNode } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { createServices } from '../../src/services.js'
import { DomainError } from '../../src/shared/errors.js'
import { systemActor, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

describe.each(DIALECTS)('posts on %s', (dialect) => {
  let site: TestSite
  let as: Record<Role, { id: number; actor: Actor }>
  beforeEach(async () => {
    site = await openTestSite(dialect)
    as = await usersByRole(site.services)
  })
  afterEach(() => site.close())

  const rowCount = async () => (await site.services.handle.db.selectFrom('posts').select('id').execute()).length

  test('creates a draft with a slug from the title, a revision and the default category', async () => {
    const { posts, terms } = site.services
    const post = await posts.create({ title: 'Crème Brûlée: a “history”!', content: '<p>Hello</p>' }, as.author.actor)
    expect(post).toMatchObject({ status: 'draft', slug: 'creme-brulee-a-history', author_id: as.author.id, published_at: null })
    expect(await posts.revisions(post.id, as.author.actor)).toHaveLength(1)
    const categories = await terms.list('category')
    expect(categories.map((c) => c.slug)).toEqual(['uncategorized'])
  })

  test('categories and tags given by id are read in one query, and each is still checked against its taxonomy', async () => {
    const { terms } = site.services
    const news = await terms.create('category', { name: 'News' }, systemActor)
    const tag = await terms.create('post_tag', { name: 'Bridges' }, systemActor)
    const termReads: RootOperationNode[] = []
    const counting: KyselyPlugin = {
      transformQuery: ({ node }) => {
        if (node.kind === 'SelectQueryNode' && JSON.stringify(node.from).includes('"name":"terms"')) termReads.push(node)
        return node
      },
      transformResult: async ({ result }) => result,
    }
    const services = createServices({ handle: { ...site.services.handle, db: site.services.handle.db.withPlugin(counting) }, config: site.services.config, clock: site.services.clock })
    const post = await services.posts.create({ title: 'Both', categories: [news.id], tags: [tag.id] }, as.editor.actor)
    expect(await terms.termsOfPosts([post.id]).then((rows) => rows.map((t) => t.slug).sort())).toEqual(['bridges', 'news'])
    expect(termReads).toHaveLength(1)
    await expect(services.posts.create({ title: 'Swapped', categories: [tag.id], tags: [news.id] }, as.editor.actor)).rejects.toThrow(/No category with id/)
  })

  test('lists without the bodies when asked: content and content_source empty, every other column as stored', async () => {
    const { posts } = site.services
    const post = await posts.create({ title: 'Long read', content: '<p>Many words.</p>', excerpt: 'Short.', status: 'publish' }, as.editor.actor)
    const [full] = (await posts.list({ perPage: 1 }, as.editor.actor)).posts
    const [lean] = (await posts.list({ perPage: 1, withoutContent: true }, as.editor.actor)).posts
    expect(full!.id).toBe(post.id)
    expect(full!.content).toBe('<p>Many words.</p>')
    expect(lean).toEqual({ ...full, content: '', content_source: '' })
  })

  test('publishes, schedules in the future, and publishes what is due', async () => {
    const { posts } = site.services
    const draft = await posts.create({ title: 'Now' }, as.author.actor)
    const published = await posts.publish(draft.id, as.author.actor)
    expect(published.status).toBe('publish')
    expect(published.published_at).not.toBeNull()
    const later = new Date(Date.now() + 3600_000)
    const scheduled = await posts.create({ title: 'Later', status: 'publish', publishedAt: later }, as.editor.actor)
    expect(scheduled.status).toBe('future')
    expect(await posts.publishDue()).toEqual([])
    const past = await posts.create({ title: 'Was due', status: 'future', publishedAt: new Date(Date.now() + 50) }, as.editor.actor)
    await new Promise((r) => setTimeout(r, 80))
    expect(await posts.publishDue()).toEqual([past.id])
    expect((await posts.get(past.id, systemActor)).status).toBe('publish')
  })

  test('slug collisions get -2, -3 and old slugs of published posts are remembered', async () => {
    const { posts } = site.services
    const a = await posts.create({ title: 'Same title', status: 'publish' }, as.editor.actor)
    const b = await posts.create({ title: 'Same title' }, as.editor.actor)
    const c = await posts.create({ title: 'Same title' }, as.editor.actor)
    expect([a.slug, b.slug, c.slug]).toEqual(['same-title', 'same-title-2', 'same-title-3'])
    // pages have their own slugs
    const page = await posts.create({ type: 'page', title: 'Same title' }, as.editor.actor)
    expect(page.slug).toBe('same-title')
    const renamed = await posts.update(a.id, { slug: 'Better Title' }, as.editor.actor)
    expect(renamed.slug).toBe('better-title')
    const old = await site.services.handle.db.selectFrom('old_slugs').selectAll().execute()
    expect(old).toMatchObject([{ post_id: a.id, slug: 'same-title', type: 'post' }])
  })

  test('updates keep a revision per change of title, content or excerpt, and none for other changes or a save that changes nothing', async () => {
    const { posts } = site.services
    const post = await posts.create({ title: 'One', content: 'first' }, as.author.actor)
    await posts.update(post.id, { title: 'Two' }, as.author.actor)
    await posts.update(post.id, { content: 'second' }, as.author.actor)
    await posts.update(post.id, { commentStatus: 'closed' }, as.author.actor)
    await posts.update(post.id, { excerpt: 'In short' }, as.author.actor)
    await posts.update(post.id, { title: 'Two', content: 'second', excerpt: 'In short' }, as.author.actor)
    const revisions = await posts.revisions(post.id, as.author.actor)
    expect(revisions.map((r) => [r.title, r.content, r.excerpt])).toEqual([['Two', 'second', 'In short'], ['Two', 'second', ''], ['Two', 'first', ''], ['One', 'first', '']])
  })

  test('trash, restore as draft, delete for good', async () => {
    const { posts } = site.services
    const post = await posts.create({ title: 'Bin me', status: 'publish' }, as.editor.actor)
    expect((await posts.trash(post.id, as.editor.actor)).status).toBe('trash')
    await expect(posts.update(post.id, { title: 'x' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status_transition' })
    expect((await posts.restore(post.id, as.editor.actor)).status).toBe('draft')
    await posts.remove(post.id, as.editor.actor)
    await expect(posts.get(post.id, systemActor)).rejects.toMatchObject({ code: 'post_not_found' })
  })

  test('markdown renders to HTML and unfiltered HTML is kept only for trusted roles', async () => {
    const { posts } = site.services
    const md = await posts.create({ title: 'MD', content: '## Heading\n\nSome **bold** text', format: 'markdown' }, as.author.actor)
    expect(md.content).toContain('<h2>Heading</h2>')
    expect(md.content).toContain('<strong>bold</strong>')
    expect(md.content_source).toBe('## Heading\n\nSome **bold** text')
    const evil = '<p onclick="x()">Hi<script>alert(1)</script></p><iframe src="https://e.com"></iframe><!--more-->'
    const byAuthor = await posts.create({ title: 'A', content: evil }, as.author.actor)
    expect(byAuthor.content).toBe('<p>Hi</p><!--more-->')
    const byEditor = await posts.create({ title: 'E', content: evil }, as.editor.actor)
    expect(byEditor.content).toBe(evil)
  })

  describe('capabilities', () => {
    test('a contributor cannot publish but may submit for review', async () => {
      const { posts } = site.services
      await expect(posts.create({ title: 'x', status: 'publish' }, as.contributor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      const draft = await posts.create({ title: 'x', status: 'pending' }, as.contributor.actor)
      await expect(posts.publish(draft.id, as.contributor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      expect((await posts.publish(draft.id, as.editor.actor)).status).toBe('publish')
      // once published, the contributor can no longer edit it
      await expect(posts.update(draft.id, { title: 'y' }, as.contributor.actor)).rejects.toMatchObject({ code: 'cannot_edit_post' })
    })

    test("an author cannot edit or delete others' posts; an editor can", async () => {
      const { posts } = site.services
      const theirs = await posts.create({ title: 'Editor post', status: 'publish' }, as.editor.actor)
      await expect(posts.update(theirs.id, { title: 'mine now' }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(posts.trash(theirs.id, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      const mine = await posts.create({ title: 'Author post' }, as.author.actor)
      expect((await posts.update(mine.id, { title: 'edited' }, as.editor.actor)).title).toBe('edited')
    })

    test('a subscriber and a reader cannot write; drafts are hidden from readers', async () => {
      const { posts } = site.services
      await expect(posts.create({ title: 'x' }, as.subscriber.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(posts.create({ title: 'x' }, { kind: 'anonymous' })).rejects.toMatchObject({ kind: 'unauthenticated' })
      const draft = await posts.create({ title: 'secret' }, as.author.actor)
      await expect(posts.get(draft.id, { kind: 'anonymous' })).rejects.toMatchObject({ code: 'post_not_found' })
      await expect(posts.get(draft.id, as.contributor.actor)).rejects.toMatchObject({ code: 'post_not_found' })
      const list = await posts.list({ status: ['publish', 'draft'] }, { kind: 'anonymous' })
      expect(list.total).toBe(0)
      expect((await posts.list({ status: ['draft'] }, as.author.actor)).posts.map((p) => p.id)).toEqual([draft.id])
    })

    test('only editors may write pages or set sticky; authors may not write as someone else', async () => {
      const { posts } = site.services
      await expect(posts.create({ type: 'page', title: 'p' }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(posts.create({ title: 's', sticky: true }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(posts.create({ title: 'a', authorId: as.editor.id }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      expect((await posts.create({ title: 's', sticky: true, authorId: as.author.id }, as.editor.actor)).author_id).toBe(as.author.id)
    })
  })

  describe('bad input changes nothing', () => {
    test('an over-long title', async () => {
      const err = await site.services.posts.create({ title: 'x'.repeat(1001) }, as.editor.actor).catch((e: unknown) => e)
      expect(err).toBeInstanceOf(DomainError)
      expect(err).toMatchObject({ kind: 'invalid', code: 'title_too_long' })
      expect((err as Error).message).toMatch(/1001 characters; at most 1000/)
      expect(await rowCount()).toBe(0)
      // an update too: the post and its revisions stay as they were
      const { posts } = site.services
      const post = await posts.create({ title: 'Short', content: 'body' }, as.editor.actor)
      await expect(posts.update(post.id, { title: 'y'.repeat(1001), content: 'new body' }, as.editor.actor)).rejects.toMatchObject({ kind: 'invalid', code: 'title_too_long' })
      expect(await posts.get(post.id, systemActor)).toMatchObject({ title: 'Short', content: 'body' })
      expect(await posts.revisions(post.id, as.editor.actor)).toHaveLength(1)
    })

    test('an unknown status, a scheduled post without a date, trashing by status', async () => {
      const { posts } = site.services
      await expect(posts.create({ title: 'x', status: 'published' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status' })
      await expect(posts.create({ title: 'x', status: 'future' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status_transition' })
      await expect(posts.create({ title: 'x', status: 'trash' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status_transition' })
      expect(await rowCount()).toBe(0)
      const post = await posts.create({ title: 'ok' }, as.editor.actor)
      await expect(posts.update(post.id, { status: 'trash' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status_transition' })
      await expect(posts.update(post.id, { status: 'bogus', title: 'changed' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_status' })
      expect((await posts.get(post.id, systemActor)).title).toBe('ok')
    })

    test('a missing parent, featured image or category', async () => {
      const { posts } = site.services
      await expect(posts.create({ type: 'page', title: 'x', parentId: 999 }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_parent' })
      await expect(posts.create({ title: 'x', featuredMediaId: 999 }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_featured_media' })
      await expect(posts.create({ title: 'x', categories: ['Brand new'] }, as.author.actor)).rejects.toMatchObject({ code: 'cannot_create_term' })
      expect(await rowCount()).toBe(0)
      expect(await site.services.terms.list('category')).toEqual([])
    })

    test('a page cannot become its own ancestor', async () => {
      const { posts } = site.services
      const parent = await posts.create({ type: 'page', title: 'Parent' }, as.editor.actor)
      const child = await posts.create({ type: 'page', title: 'Child', parentId: parent.id }, as.editor.actor)
      await expect(posts.update(parent.id, { parentId: child.id }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_parent' })
      expect((await posts.get(parent.id, systemActor)).parent_id).toBeNull()
    })
  })
})
