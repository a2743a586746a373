import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

describe.each(DIALECTS)('terms on %s', (dialect) => {
  let site: TestSite
  let as: Record<Role, { id: number; actor: Actor }>
  beforeEach(async () => {
    site = await openTestSite(dialect)
    as = await usersByRole(site.services)
  })
  afterEach(() => site.close())

  const termRows = () => site.services.handle.db.selectFrom('terms').selectAll().orderBy('id').execute()
  const countOf = async (id: number) => (await site.services.terms.get(id)).count

  describe('hierarchy', () => {
    test('categories take a parent; the tree is stored', async () => {
      const { terms } = site.services
      const news = await terms.create('category', { name: 'News', description: '  Daily news  ' }, as.editor.actor)
      const world = await terms.create('category', { name: 'World', parentId: news.id }, as.editor.actor)
      const europe = await terms.create('category', { name: 'Europe', parentId: world.id }, as.editor.actor)
      expect(news).toMatchObject({ taxonomy: 'category', name: 'News', slug: 'news', parent_id: null, description: 'Daily news', count: 0 })
      expect(world.parent_id).toBe(news.id)
      expect(europe.parent_id).toBe(world.id)
      expect((await terms.get(europe.id)).parent_id).toBe(world.id)
    })

    test('a parent that does not exist, or is a tag, is refused', async () => {
      const { terms } = site.services
      const tag = await terms.create('post_tag', { name: 'Politics' }, as.editor.actor)
      await expect(terms.create('category', { name: 'X', parentId: 9999 }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_term_parent' })
      await expect(terms.create('category', { name: 'X', parentId: tag.id }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_term_parent' })
      expect((await termRows()).map((t) => t.name)).toEqual(['Politics'])
    })

    test('a cycle is refused: a category cannot become its own ancestor or parent', async () => {
      const { terms } = site.services
      const a = await terms.create('category', { name: 'A' }, as.editor.actor)
      const b = await terms.create('category', { name: 'B', parentId: a.id }, as.editor.actor)
      const c = await terms.create('category', { name: 'C', parentId: b.id }, as.editor.actor)
      await expect(terms.update(a.id, { parentId: c.id }, as.editor.actor)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_term_parent' })
      await expect(terms.update(a.id, { parentId: a.id }, as.editor.actor)).rejects.toMatchObject({ kind: 'invalid', code: 'invalid_term_parent' })
      expect((await terms.get(a.id)).parent_id).toBeNull()
      // moving within the tree without a loop is fine
      expect((await terms.update(c.id, { parentId: a.id }, as.editor.actor)).parent_id).toBe(a.id)
      expect((await terms.update(c.id, { parentId: null }, as.editor.actor)).parent_id).toBeNull()
    })

    test('tags cannot have parents', async () => {
      const { terms } = site.services
      const parent = await terms.create('post_tag', { name: 'Parent' }, as.editor.actor)
      await expect(terms.create('post_tag', { name: 'Child', parentId: parent.id }, as.editor.actor)).rejects.toMatchObject({ code: 'term_not_hierarchical' })
      const other = await terms.create('post_tag', { name: 'Other' }, as.editor.actor)
      await expect(terms.update(other.id, { parentId: parent.id }, as.editor.actor)).rejects.toMatchObject({ code: 'term_not_hierarchical' })
      expect((await termRows()).map((t) => [t.name, t.parent_id])).toEqual([['Parent', null], ['Other', null]])
    })

    test('deleting a category moves its children up to its parent', async () => {
      const { terms } = site.services
      const a = await terms.create('category', { name: 'A' }, as.editor.actor)
      const b = await terms.create('category', { name: 'B', parentId: a.id }, as.editor.actor)
      const c1 = await terms.create('category', { name: 'C1', parentId: b.id }, as.editor.actor)
      const c2 = await terms.create('category', { name: 'C2', parentId: b.id }, as.editor.actor)
      const removed = await terms.remove(b.id, as.editor.actor)
      expect(removed.id).toBe(b.id)
      await expect(terms.get(b.id)).rejects.toMatchObject({ code: 'term_not_found' })
      expect((await terms.get(c1.id)).parent_id).toBe(a.id)
      expect((await terms.get(c2.id)).parent_id).toBe(a.id)
      // deleting a root makes its children roots
      await terms.remove(a.id, as.editor.actor)
      expect((await terms.get(c1.id)).parent_id).toBeNull()
      expect((await terms.list('category')).map((t) => t.name)).toEqual(['C1', 'C2'])
    })
  })

  describe('names and slugs', () => {
    test('the same name under the same parent is a conflict (ignoring case), and nothing is written', async () => {
      const { terms } = site.services
      const news = await terms.create('category', { name: 'News' }, as.editor.actor)
      await terms.create('category', { name: 'Local', parentId: news.id }, as.editor.actor)
      await expect(terms.create('category', { name: 'news' }, as.editor.actor)).rejects.toMatchObject({ kind: 'conflict', code: 'term_exists' })
      await expect(terms.create('category', { name: ' LOCAL ', parentId: news.id }, as.editor.actor)).rejects.toMatchObject({ kind: 'conflict', code: 'term_exists' })
      await terms.create('post_tag', { name: 'Tagged' }, as.editor.actor)
      await expect(terms.create('post_tag', { name: 'Tagged' }, as.editor.actor)).rejects.toMatchObject({ kind: 'conflict', code: 'term_exists' })
      expect((await termRows()).map((t) => t.name)).toEqual(['News', 'Local', 'Tagged'])
    })

    test('as WordPress does, a same name is kept when the writer gives a slug of its own that no term has', async () => {
      const { terms } = site.services
      const first = await terms.create('post_tag', { name: 'Content', slug: 'content-2' }, as.editor.actor)
      // A slug made from the name, or the same-name term's own slug, or a slug another term holds: refused.
      await expect(terms.create('post_tag', { name: 'content' }, as.editor.actor)).rejects.toMatchObject({ code: 'term_exists' })
      await expect(terms.create('post_tag', { name: 'Content', slug: 'content-2' }, as.editor.actor)).rejects.toMatchObject({ code: 'term_exists' })
      await terms.create('post_tag', { name: 'Other', slug: 'other' }, as.editor.actor)
      await expect(terms.create('post_tag', { name: 'Content', slug: 'other' }, as.editor.actor)).rejects.toMatchObject({ code: 'term_exists' })
      const second = await terms.create('post_tag', { name: 'Content', slug: 'content' }, as.editor.actor)
      expect(second).toMatchObject({ name: 'Content', slug: 'content' })
      expect(second.id).not.toBe(first.id)
      expect((await termRows()).map((t) => t.slug)).toEqual(['content-2', 'other', 'content'])
    })

    test('names outside ASCII conflict ignoring case too; a name is compared whole, among many terms', async () => {
      const { terms } = site.services
      for (let i = 0; i < 40; i++) await terms.create('post_tag', { name: `Tag ${i}` }, as.editor.actor)
      await terms.create('post_tag', { name: 'Été' }, as.editor.actor)
      await expect(terms.create('post_tag', { name: 'ÉTÉ' }, as.editor.actor)).rejects.toMatchObject({ code: 'term_exists' })
      await expect(terms.create('post_tag', { name: 'tag 7' }, as.editor.actor)).rejects.toMatchObject({ code: 'term_exists' })
      // Not a prefix, not a pattern: "Tag 4_" and "tag%" are names of their own.
      expect((await terms.create('post_tag', { name: 'Tag 4_' }, as.editor.actor)).name).toBe('Tag 4_')
      expect((await terms.create('post_tag', { name: 'tag%' }, as.editor.actor)).name).toBe('tag%')
      expect((await terms.create('post_tag', { name: 'Ete' }, as.editor.actor)).name).toBe('Ete')
    })

    test('the same name under another parent is allowed and its slug gets -2, -3', async () => {
      const { terms } = site.services
      const a = await terms.create('category', { name: 'Europe' }, as.editor.actor)
      const b = await terms.create('category', { name: 'Africa' }, as.editor.actor)
      const s1 = await terms.create('category', { name: 'Sports', parentId: a.id }, as.editor.actor)
      const s2 = await terms.create('category', { name: 'Sports', parentId: b.id }, as.editor.actor)
      const s3 = await terms.create('category', { name: 'Sports' }, as.editor.actor)
      expect([s1.slug, s2.slug, s3.slug]).toEqual(['sports', 'sports-2', 'sports-3'])
      // an explicit slug is cleaned and numbered too
      const s4 = await terms.create('category', { name: 'Other sports', slug: 'Sports' }, as.editor.actor)
      expect(s4.slug).toBe('sports-4')
    })

    test('slugs are per taxonomy, folded like post slugs, and a taken slug cannot be set by update', async () => {
      const { terms } = site.services
      const cat = await terms.create('category', { name: 'Économie' }, as.editor.actor)
      const tag = await terms.create('post_tag', { name: 'Économie' }, as.editor.actor)
      expect([cat.slug, tag.slug]).toEqual(['economie', 'economie'])
      const other = await terms.create('category', { name: 'Finance' }, as.editor.actor)
      await expect(terms.update(other.id, { slug: 'economie' }, as.editor.actor)).rejects.toMatchObject({ kind: 'conflict', code: 'duplicate_term_slug' })
      expect((await terms.get(other.id)).slug).toBe('finance')
      expect((await terms.update(other.id, { slug: 'Money Matters' }, as.editor.actor)).slug).toBe('money-matters')
    })

    test('an empty name or unknown taxonomy is refused', async () => {
      const { terms } = site.services
      await expect(terms.create('category', { name: '   ' }, as.editor.actor)).rejects.toMatchObject({ code: 'empty_term_name' })
      await expect(terms.create('genre', { name: 'Jazz' }, as.editor.actor)).rejects.toMatchObject({ code: 'invalid_taxonomy' })
      expect(await termRows()).toEqual([])
    })

    test('only those who may manage categories write terms', async () => {
      const { terms } = site.services
      await expect(terms.create('category', { name: 'X' }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(terms.create('post_tag', { name: 'X' }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(terms.create('post_tag', { name: 'X' }, { kind: 'anonymous' })).rejects.toMatchObject({ kind: 'unauthenticated' })
      const cat = await terms.create('category', { name: 'Y' }, as.editor.actor)
      await expect(terms.update(cat.id, { name: 'Z' }, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      await expect(terms.remove(cat.id, as.contributor.actor)).rejects.toMatchObject({ kind: 'forbidden' })
      expect((await termRows()).map((t) => t.name)).toEqual(['Y'])
    })
  })

  describe('counts are the number of published posts', () => {
    test('a draft does not count; publishing, trashing, restoring and deleting update the count', async () => {
      const { posts, terms } = site.services
      const cat = await terms.create('category', { name: 'Politics' }, as.editor.actor)
      const tag = await terms.create('post_tag', { name: 'Elections' }, as.editor.actor)
      const draft = await posts.create({ title: 'Draft', categories: [cat.id], tags: [tag.id] }, as.author.actor)
      expect(await countOf(cat.id)).toBe(0)
      expect(await countOf(tag.id)).toBe(0)

      await posts.publish(draft.id, as.author.actor)
      expect(await countOf(cat.id)).toBe(1)
      expect(await countOf(tag.id)).toBe(1)

      const second = await posts.create({ title: 'Second', status: 'publish', categories: [cat.id] }, as.author.actor)
      expect(await countOf(cat.id)).toBe(2)
      expect(await countOf(tag.id)).toBe(1)

      await posts.trash(draft.id, as.author.actor)
      expect(await countOf(cat.id)).toBe(1)
      expect(await countOf(tag.id)).toBe(0)

      await posts.restore(draft.id, as.author.actor) // back as a draft: still not counted
      expect(await countOf(cat.id)).toBe(1)

      await posts.remove(second.id, as.editor.actor)
      expect(await countOf(cat.id)).toBe(0)
    })

    test('un-tagging and re-categorising a published post moves the counts', async () => {
      const { posts, terms } = site.services
      const sport = await terms.create('category', { name: 'Sport' }, as.editor.actor)
      const culture = await terms.create('category', { name: 'Culture' }, as.editor.actor)
      const post = await posts.create({ title: 'Match', status: 'publish', categories: [sport.id], tags: ['Football', 'Final'] }, as.editor.actor)
      const [final, football] = await terms.list('post_tag')
      expect([final!.name, final!.count, football!.name, football!.count]).toEqual(['Final', 1, 'Football', 1])
      expect(await countOf(sport.id)).toBe(1)

      await posts.update(post.id, { tags: ['Football'] }, as.editor.actor)
      expect(await countOf(final!.id)).toBe(0)
      expect(await countOf(football!.id)).toBe(1)
      expect(await countOf(sport.id)).toBe(1) // categories left alone

      await posts.update(post.id, { categories: [culture.id] }, as.editor.actor)
      expect(await countOf(sport.id)).toBe(0)
      expect(await countOf(culture.id)).toBe(1)
      expect(await countOf(football!.id)).toBe(1) // tags left alone

      await posts.update(post.id, { tags: [] }, as.editor.actor)
      expect(await countOf(football!.id)).toBe(0)
    })

    test('unpublishing back to draft lowers the count', async () => {
      const { posts, terms } = site.services
      const cat = await terms.create('category', { name: 'Science' }, as.editor.actor)
      const post = await posts.create({ title: 'Live', status: 'publish', categories: [cat.id] }, as.editor.actor)
      expect(await countOf(cat.id)).toBe(1)
      await posts.update(post.id, { status: 'draft' }, as.editor.actor)
      expect(await countOf(cat.id)).toBe(0)
    })
  })

  describe('resolve', () => {
    test('finds existing terms by id, name (any case) or slug, without duplicates', async () => {
      const { terms } = site.services
      const cat = await terms.create('category', { name: 'Hard News' }, as.editor.actor)
      const ids = await terms.resolve('category', [cat.id, String(cat.id), 'hard news', 'HARD NEWS', 'hard-news'], as.author.actor)
      expect(ids).toEqual([cat.id])
      expect(await termRows()).toHaveLength(1)
    })

    test('creates missing tags for an author (and a contributor), but not for a subscriber', async () => {
      const { terms } = site.services
      const ids = await terms.resolve('post_tag', ['Brand New', 'Another One'], as.author.actor)
      expect(ids).toHaveLength(2)
      expect((await terms.list('post_tag')).map((t) => [t.name, t.slug])).toEqual([['Another One', 'another-one'], ['Brand New', 'brand-new']])
      expect(await terms.resolve('post_tag', ['Contributed'], as.contributor.actor)).toHaveLength(1)
      const err = await terms.resolve('post_tag', ['Subscribed'], as.subscriber.actor).catch((e: unknown) => e)
      expect(err).toMatchObject({ kind: 'forbidden', code: 'cannot_create_term' })
      expect((err as Error).message).toBe('There is no tag "Subscribed", and you may not create tags.')
      expect((await terms.list('post_tag')).map((t) => t.name)).not.toContain('Subscribed')
    })

    test('does not create missing categories for an author, but does for an editor', async () => {
      const { terms } = site.services
      const err = await terms.resolve('category', ['Invented'], as.author.actor).catch((e: unknown) => e)
      expect(err).toMatchObject({ kind: 'forbidden', code: 'cannot_create_term' })
      expect((err as Error).message).toBe('There is no category "Invented", and you may not create categories.')
      expect(await terms.list('category')).toEqual([])
      const [id] = await terms.resolve('category', ['Invented'], as.editor.actor)
      expect((await terms.get(id!)).name).toBe('Invented')
    })

    test('an unknown id, or an id of the other taxonomy, is refused', async () => {
      const { terms } = site.services
      const tag = await terms.create('post_tag', { name: 'T' }, as.editor.actor)
      await expect(terms.resolve('category', [tag.id], as.editor.actor)).rejects.toMatchObject({ code: 'invalid_term' })
      await expect(terms.resolve('post_tag', [12345], as.editor.actor)).rejects.toMatchObject({ code: 'invalid_term' })
    })

    test('through a post: an author gets new tags, but an unknown category fails the whole write', async () => {
      const { posts, terms } = site.services
      const post = await posts.create({ title: 'Tagged', tags: ['Fresh tag'] }, as.author.actor)
      expect((await terms.list('post_tag')).map((t) => t.name)).toEqual(['Fresh tag'])
      await expect(posts.create({ title: 'Categorised', categories: ['No such category'], tags: ['Unwritten'] }, as.author.actor)).rejects.toMatchObject({
        code: 'cannot_create_term',
      })
      const postTitles = (await site.services.handle.db.selectFrom('posts').select('title').execute()).map((p) => p.title)
      expect(postTitles).toEqual(['Tagged'])
      expect((await terms.list('post_tag')).map((t) => t.name)).toEqual(['Fresh tag'])
      expect((await terms.list('category')).map((t) => t.name)).toEqual(['Uncategorized'])
      expect((await posts.get(post.id, systemActor)).id).toBe(post.id)
    })
  })
})
