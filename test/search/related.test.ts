import { sql } from 'kysely'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import type { PostRow } from '../../src/db/index.js'
import type { Services } from '../../src/services.js'
import { systemActor } from '../../src/users/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { openSearchSite, publish, type SearchSite } from './helpers.js'

describe.each(DIALECTS)('"Read Also" related posts on %s', (dialect) => {
  let site: SearchSite
  let services: Services
  let drought: PostRow
  const titlesOf = async (post: PostRow, limit?: number) => (await services.search.relatedPosts(post.id, limit)).map((p) => p.title)

  beforeEach(async () => {
    site = await openSearchSite(dialect)
    services = site.services
    // Old stories on the topic, and newer ones that share only the section.
    await publish(services, { title: 'Reservoirs at record low as drought deepens', content: '<p>The drought has emptied reservoirs; farmers ration irrigation water.</p>', categories: ['News'], tags: ['Drought'], days: 400 })
    await publish(services, { title: 'Farmers count the cost of the drought', content: '<p>Irrigation bans and dry reservoirs: the drought cost farmers their harvest.</p>', categories: ['News'], days: 300 })
    await publish(services, { title: 'Hosepipe ban lifted', content: '<p>Rain refilled reservoirs after the long drought.</p>', categories: ['Environment'], tags: ['Drought'], days: 200 })
    for (let i = 1; i <= 5; i++) {
      await publish(services, { title: `Council meeting ${i}`, content: `<p>The council discussed parking and the library budget, item ${i}.</p>`, categories: ['News'], days: i })
    }
    drought = await publish(services, { title: 'Drought: farmers ask for help', content: '<p>Farmers say the drought and empty reservoirs threaten irrigation and the harvest.</p>', categories: ['News'], tags: ['Drought'], days: 0 })
    await services.search.idle()
  })
  afterEach(() => site.close())

  test('posts on the topic come ahead of merely recent ones, and never the post itself', async () => {
    const titles = await titlesOf(drought)
    expect(titles.slice(0, 3).sort()).toEqual(['Farmers count the cost of the drought', 'Hosepipe ban lifted', 'Reservoirs at record low as drought deepens'])
    expect(titles).not.toContain(drought.title)
    expect(titles).toHaveLength(4)
  })

  test('a post filed under every tag does not crowd out the posts on the topic', async () => {
    const tags = ['Drought', 'Farming', 'Water', 'Irrigation']
    const hub = await publish(services, { title: 'Every subject we cover', content: '<p>A list of the desks of this newspaper.</p>', tags: [...tags, ...Array.from({ length: 40 }, (_, i) => `Subject ${i}`)], days: 0 })
    const story = await publish(services, { title: 'Wells run dry', content: '<p>Farmers dig deeper wells as the drought empties reservoirs and irrigation fails.</p>', categories: ['News'], tags, days: 0 })
    await services.search.idle()
    const titles = await titlesOf(story)
    expect(titles.slice(0, 3).sort()).toEqual(['Drought: farmers ask for help', 'Farmers count the cost of the drought', 'Reservoirs at record low as drought deepens'])
    // It still shares four tags, so it may follow them.
    expect(titles.indexOf(hub.title)).not.toBe(0)
  })

  test('the count follows the related_posts_count setting, 4 by default', async () => {
    expect(await titlesOf(drought)).toHaveLength(4)
    await services.settings.set('related_posts_count', 2, systemActor)
    expect(await titlesOf(drought)).toHaveLength(2)
    await services.settings.set('related_posts_count', 0, systemActor)
    expect(await titlesOf(drought)).toEqual([])
  })

  test('a trashed, unpublished or deleted post drops out at once, and the list stays full', async () => {
    const [first, second, third] = await services.search.relatedPosts(drought.id)
    await services.posts.trash(first!.id, systemActor)
    expect(await titlesOf(drought)).not.toContain(first!.title)
    await services.posts.update(second!.id, { status: 'draft' }, systemActor)
    expect(await titlesOf(drought)).not.toContain(second!.title)
    await services.posts.remove(third!.id, systemActor)
    const now = await titlesOf(drought)
    expect(now).not.toContain(third!.title)
    expect(now).toHaveLength(4)
  })

  test('a new story on the topic joins its neighbours\' lists in the background, and they are announced', async () => {
    const changed: number[] = []
    services.search.onRelatedChange((ids) => changed.push(...ids))
    const fresh = await publish(services, { title: 'Drought reaches the reservoirs of the north', content: '<p>Farmers in the north see reservoirs and irrigation fail in the drought.</p>', tags: ['Drought'], days: 0 })
    await services.search.idle()
    expect(await titlesOf(drought)).toContain(fresh.title)
    expect(changed).toContain(drought.id)
    expect(changed).toContain(fresh.id)
  })

  test('an edit that changes the topic changes the list', async () => {
    expect((await titlesOf(drought))[0]).not.toMatch(/Council/)
    await services.posts.update(drought.id, { title: 'Council budget row', content: '<p>The council argued over the library budget and parking.</p>', tags: [] }, systemActor)
    await services.search.idle()
    expect((await titlesOf(drought)).slice(0, 3).every((t) => t.startsWith('Council meeting'))).toBe(true)
  })

  test('a list computed is a row of related_lists; unpublishing or deleting a post takes its row away', async () => {
    const computed = async () => (await services.handle.db.selectFrom('related_lists').select('post_id').orderBy('post_id').execute()).map((r) => r.post_id)
    expect(await computed()).toContain(drought.id)
    await services.posts.update(drought.id, { status: 'draft' }, systemActor)
    await services.search.idle()
    expect(await computed()).not.toContain(drought.id)
    expect(await services.handle.db.selectFrom('post_related').select('related_id').where('post_id', '=', drought.id).execute()).toEqual([])
    await services.posts.update(drought.id, { status: 'publish' }, systemActor)
    await services.search.idle()
    expect(await computed()).toContain(drought.id)
    await services.posts.remove(drought.id, systemActor)
    await services.search.idle()
    expect(await computed()).not.toContain(drought.id)
  })

  test('stale lists computed in the background let the server answer between two of them', async () => {
    await services.handle.db.deleteFrom('related_lists').execute()
    // Timers stand for requests: they only run when the sweep gives the event loop a turn.
    let turns = 0
    const timer = setInterval(() => turns++, 0)
    try {
      services.search.computeStaleRelatedInBackground()
      services.search.computeStaleRelatedInBackground()
      await services.search.idle()
    } finally {
      clearInterval(timer)
    }
    expect(turns).toBeGreaterThan(0)
    expect(await services.handle.db.selectFrom('related_lists').select('post_id').execute()).toHaveLength(9)
    expect(await services.search.computeStaleRelated()).toBe(0)
  })

  test('a list not computed yet (after an import or a rebuild) is computed when first read', async () => {
    await services.search.rebuild()
    expect(await services.handle.db.selectFrom('related_lists').select('computed_at').where('post_id', '=', drought.id).executeTakeFirst()).toBeUndefined()
    expect((await titlesOf(drought)).slice(0, 3)).toContain('Hosepipe ban lifted')
    expect(await services.search.computeStaleRelated()).toBe(8)
    expect(await services.search.computeStaleRelated()).toBe(0)
  })
})

describe.runIf(DIALECTS.includes('postgres'))('"Read Also" on PostgreSQL', () => {
  let site: SearchSite
  beforeEach(async () => {
    site = await openSearchSite('postgres')
  })
  afterEach(() => site.close())

  test('computing a list leaves the post\'s search document as it was: no new row version', async () => {
    const { services } = site
    await publish(services, { title: 'Reservoirs at record low as drought deepens', content: '<p>The drought has emptied reservoirs.</p>', tags: ['Drought'], days: 40 })
    const story = await publish(services, { title: 'Drought: farmers ask for help', content: '<p>Farmers say the drought empties reservoirs.</p>', tags: ['Drought'], days: 0 })
    await services.search.idle()
    // Any update of a row, however small, gives it a new version, at a new place (ctid) and with a new xmin.
    const version = async () => (await sql<{ v: string }>`select ctid::text || '/' || xmin::text as v from search_docs where post_id = ${story.id}`.execute(services.handle.db)).rows[0]!.v
    const before = await version()
    await services.handle.db.deleteFrom('related_lists').execute()
    expect(await services.search.computeStaleRelated()).toBe(2)
    expect(await services.search.relatedIds(story.id)).toHaveLength(1)
    expect(await version()).toBe(before)
  })
})
