import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { systemActor, type Actor, type Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS, openTestSite, type TestSite } from '../helpers/databases.js'

/** WordPress's rules for deleting a category: its posts fall back to the default one, which cannot be deleted. */
describe.each(DIALECTS)('deleting categories on %s', (dialect) => {
  let site: TestSite
  let as: Record<Role, { id: number; actor: Actor }>
  beforeEach(async () => {
    site = await openTestSite(dialect)
    as = await usersByRole(site.services)
  })
  afterEach(() => site.close())

  const categoriesOf = async (postId: number) =>
    (await site.services.terms.termsOfPosts([postId])).filter((t) => t.taxonomy === 'category').map((t) => t.slug).sort()

  test('posts left without a category move to the default one; posts with another category keep only that', async () => {
    const { terms, posts } = site.services
    const sport = await terms.create('category', { name: 'Sport' }, as.editor.actor)
    const news = await terms.create('category', { name: 'News' }, as.editor.actor)
    const onlySport = await posts.create({ title: 'Match report', content: '<p>2–1</p>', status: 'publish', categories: [sport.id], authorId: as.editor.id }, systemActor)
    const both = await posts.create({ title: 'Stadium vote', content: '<p>Yes</p>', status: 'publish', categories: [sport.id, news.id], authorId: as.editor.id }, systemActor)
    const uncategorized = (await terms.list('category')).find((t) => t.slug === 'uncategorized') ?? (await terms.create('category', { name: 'Uncategorized' }, as.editor.actor))

    await terms.remove(sport.id, as.editor.actor)
    expect(await categoriesOf(onlySport.id)).toEqual(['uncategorized'])
    expect(await categoriesOf(both.id)).toEqual(['news'])
    expect((await terms.get(uncategorized.id)).count).toBe(1)
    await expect(terms.get(sport.id)).rejects.toMatchObject({ code: 'term_not_found' })
  })

  test('the default category cannot be deleted, by anyone; other roles may not delete terms at all', async () => {
    const { terms, posts } = site.services
    const post = await posts.create({ title: 'Plain', content: '<p>x</p>', status: 'publish', authorId: as.editor.id }, systemActor)
    const fallback = (await terms.list('category')).find((t) => t.slug === 'uncategorized')!
    expect(await categoriesOf(post.id)).toEqual(['uncategorized'])
    await expect(terms.remove(fallback.id, as.administrator.actor)).rejects.toMatchObject({ kind: 'forbidden', code: 'cannot_delete_default_term' })
    await expect(terms.remove(fallback.id, systemActor)).rejects.toMatchObject({ code: 'cannot_delete_default_term' })
    const tag = await terms.create('post_tag', { name: 'Weather' }, as.editor.actor)
    await expect(terms.remove(tag.id, as.author.actor)).rejects.toMatchObject({ kind: 'forbidden' })
    expect((await terms.get(fallback.id)).count).toBe(1)
    expect((await terms.get(tag.id)).name).toBe('Weather')
    await terms.remove(tag.id, as.editor.actor)
    await expect(terms.get(tag.id)).rejects.toMatchObject({ code: 'term_not_found' })
  })
})
