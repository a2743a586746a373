import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { stems } from '../../src/search/analyzer.js'
import type { Services } from '../../src/services.js'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { DIALECTS } from '../helpers/databases.js'
import { openSearchSite, publish, type SearchSite, type StoryInput, titlesFor } from './helpers.js'

/** A small newsroom, written by hand so that each ranking rule has a story that tests it. */
export const HAND_WRITTEN: StoryInput[] = [
  { title: 'Climate summit', content: '<p>Leaders met in Geneva to talk.</p>', days: 900 },
  { title: 'What the climate summit means for farmers', content: '<p>The climate summit ended with a deal on climate money, and another climate summit next year.</p>', days: 2 },
  { title: 'Summit season', content: '<p>Climate talks, then a trade summit in Geneva.</p>', days: 1 },
  { title: 'Morning traffic', content: '<p>Drivers on the harbour bridge faced delays; the bridge reopened at noon near the harbour.</p>', days: 30 },
  { title: 'Evening traffic', content: '<p>The harbour was busy and drivers faced delays on the bridge; the bridge reopened at noon near the harbour.</p>', days: 30 },
  { title: 'EU agrees new sanctions on Moscow', content: '<p>Ministers agreed the sanctions package after a long night.</p>', days: 20 },
  { title: 'Exporters fear a sanctioned market', content: '<p>A sanction on steel would hit exporters.</p>', days: 25 },
  { title: 'Carnival in São Paulo', content: '<p>São Paulo danced all night.</p>', days: 40 },
  { title: 'Zelenskyy visits Washington', content: '<p>President Volodymyr Zelenskyy met lawmakers.</p>', days: 5 },
  { title: 'Zelensky in Kyiv', content: '<p>Zelensky spoke from Kyiv.</p>', days: 6 },
  { title: 'A draft about sanctions', content: '<p>sanctions, not yet published</p>', status: 'draft' },
  { title: 'Private sanctions memo', content: '<p>sanctions for the eyes of editors</p>', status: 'private' },
  { title: 'Twin story', content: '<p>Identical lighthouse text.</p>', days: 300 },
  { title: 'Twin story', content: '<p>Identical lighthouse text.</p>', days: 3 },
]

const VOCABULARY = (
  'council budget minister election hospital market energy climate water transport housing economy strike festival ' +
  'museum river bridge harbour airport railway storm farmers prices inflation exports trade summit treaty vote mayor ' +
  'library science university students team season match coach stadium record weather forecast sanctions ceasefire ' +
  'refugees drought wildfire vaccine pension tariff'
).split(' ')

/** A deterministic corpus of `count` stories over a small vocabulary: many matches, many ties to break. */
export function generatedCorpus(count: number): StoryInput[] {
  let seed = 7
  const rand = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31)
  const pick = () => VOCABULARY[Math.floor(rand() * VOCABULARY.length)]!
  const out: StoryInput[] = []
  for (let i = 0; i < count; i++) {
    const body = Array.from({ length: 3 }, () => `<p>${Array.from({ length: 20 + Math.floor(rand() * 30) }, pick).join(' ')}.</p>`).join('')
    out.push({ title: `${pick()} ${pick()} ${pick()}`, content: body, days: Math.floor(rand() * 2000), tags: [pick()] })
  }
  return out
}

async function load(services: Services, stories: StoryInput[]): Promise<void> {
  for (const story of stories) {
    const post = await publish(services, story)
    if (story.title.startsWith('Trashed')) await services.posts.trash(post.id, systemActor)
  }
}

describe.each(DIALECTS)('search relevance on %s', (dialect) => {
  let site: SearchSite
  let services: Services
  beforeAll(async () => {
    site = await openSearchSite(dialect)
    services = site.services
    await load(services, HAND_WRITTEN)
  })
  afterAll(() => site.close())

  test('an exact title match ranks first, even when older and less repeated', async () => {
    const titles = await titlesFor(services, 'Climate summit')
    expect(titles[0]).toBe('Climate summit')
    expect(titles).toContain('What the climate summit means for farmers')
  })

  test('a phrase beats the same words scattered; quoted, only the phrase matches', async () => {
    expect(await titlesFor(services, 'harbour bridge')).toEqual(['Morning traffic', 'Evening traffic'])
    expect(await titlesFor(services, '"harbour bridge"')).toEqual(['Morning traffic'])
  })

  test('stemming: sanction finds sanctions and sanctioned', async () => {
    expect((await titlesFor(services, 'sanction')).sort()).toEqual(['EU agrees new sanctions on Moscow', 'Exporters fear a sanctioned market'])
  })

  test('accents fold: Sao Paulo finds São Paulo, and the other way round', async () => {
    for (const q of ['Sao Paulo', 'são paulo', '"SAO PAULO"', 'sao paul']) expect(await titlesFor(services, q)).toEqual(['Carnival in São Paulo'])
  })

  test('spelled variants through the prefix: Zelensky and zelensk find Zelenskyy too', async () => {
    const both = ['Zelensky in Kyiv', 'Zelenskyy visits Washington']
    expect((await titlesFor(services, 'Zelensky')).sort()).toEqual(both)
    expect((await titlesFor(services, 'zelensk')).sort()).toEqual(both)
    expect(await titlesFor(services, 'Zelenskyy')).toEqual(['Zelenskyy visits Washington'])
  })

  test('excluded words and phrases are excluded wherever they stand', async () => {
    expect(await titlesFor(services, 'summit -geneva')).toEqual(['What the climate summit means for farmers'])
    expect(await titlesFor(services, 'climate -"trade summit"')).not.toContain('Summit season')
    expect(await titlesFor(services, '-summit')).toEqual([])
  })

  test('among equals, the newer story comes first', async () => {
    const found = await services.search.search({ query: 'lighthouse' }, anonymousActor)
    expect(found.posts.map((p) => p.published_at)).toEqual([...found.posts.map((p) => p.published_at)].sort().reverse())
    expect(found.posts).toHaveLength(2)
  })

  test('drafts and private posts are never returned to readers; editors and their authors may ask for them', async () => {
    expect(await titlesFor(services, 'sanctions')).toEqual(expect.not.arrayContaining(['A draft about sanctions', 'Private sanctions memo']))
    const asked = { query: 'sanctions', statuses: ['publish', 'draft', 'private'] }
    expect(new Set((await services.search.search(asked, anonymousActor)).posts.map((p) => p.status))).toEqual(new Set(['publish']))
    const editor = (await usersByRole(services)).editor.actor
    expect((await services.search.search(asked, editor)).posts.map((p) => p.title)).toEqual(expect.arrayContaining(['A draft about sanctions', 'Private sanctions memo']))
    const contributor = await services.users.create({ email: 'c2@example.com', displayName: 'C', role: 'contributor', password: null }, systemActor)
    const mine = await services.posts.create({ title: 'My sanctions draft', content: 'sanctions' }, { kind: 'user', userId: contributor.id, role: 'contributor', name: 'C' })
    const asContributor = await services.search.search(asked, { kind: 'user', userId: contributor.id, role: 'contributor', name: 'C' })
    expect(asContributor.posts.map((p) => p.id)).toContain(mine.id)
    expect(asContributor.posts.map((p) => p.title)).not.toContain('A draft about sanctions')
  })

  test('filters by type, category, tag, author and date', async () => {
    const writer = await services.users.create({ email: 'writer@example.com', displayName: 'Writer', role: 'author', password: null }, systemActor)
    const tagged = await publish(services, { title: 'Reservoir levels fall', content: '<p>The reservoir is low.</p>', tags: ['Drought'], categories: ['Science'], days: 4, authorId: writer.id })
    const page = await services.posts.create({ type: 'page', title: 'About the reservoir', content: 'reservoir', status: 'publish' }, systemActor)
    const find = async (filters: object) => (await services.search.search({ query: 'reservoir', ...filters }, anonymousActor)).posts.map((p) => p.id)
    expect((await find({})).sort()).toEqual([tagged.id, page.id].sort())
    expect(await find({ types: ['page'] })).toEqual([page.id])
    const [drought] = (await services.terms.list('post_tag')).filter((t) => t.name === 'Drought')
    expect(await find({ tagIds: [drought!.id] })).toEqual([tagged.id])
    const [science] = (await services.terms.list('category')).filter((t) => t.name === 'Science')
    expect(await find({ categoryIds: [science!.id] })).toEqual([tagged.id])
    expect(await find({ authorIds: [writer.id] })).toEqual([tagged.id])
    expect(await find({ after: tagged.published_at!, types: ['post'] })).toEqual([tagged.id])
    expect(await find({ before: tagged.published_at!, types: ['post'] })).toEqual([])
  })

  test('results page through in rank order, with the total', async () => {
    const all = (await services.search.search({ query: 'climate', perPage: 50 }, anonymousActor)).posts.map((p) => p.id)
    const first = await services.search.search({ query: 'climate', perPage: 2, page: 1 }, anonymousActor)
    const second = await services.search.search({ query: 'climate', perPage: 2, page: 2 }, anonymousActor)
    expect(first.total).toBe(all.length)
    expect([...first.posts, ...second.posts].map((p) => p.id)).toEqual(all.slice(0, 4))
  })
})

describe.each(DIALECTS)('search over a generated corpus on %s', (dialect) => {
  let site: SearchSite
  beforeAll(async () => {
    site = await openSearchSite(dialect)
    await load(site.services, generatedCorpus(150))
  }, 60_000)
  afterAll(() => site.close())

  test.each(['harbour bridge', 'climate -storm', '"trade summit"', 'vaccine pension tariff', 'infl', 'weather forecast -"record weather"'])(
    '%s: every result holds every required word and none of the excluded',
    async (query) => {
      const { posts } = await site.services.search.search({ query, perPage: 100 }, anonymousActor)
      expect(posts.length).toBeGreaterThan(0)
      for (const post of posts) {
        const text = ` ${stems(`${post.title} ${post.content.replace(/<[^>]+>/g, " ")} ${post.excerpt}`).join(" ")} `
        const stored = await site.services.handle.db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select('terms.name').where('post_id', '=', post.id).execute()
        const all = `${text}${stems(stored.map((t) => t.name).join(' ')).join(' ')} `
        if (query === 'harbour bridge') expect(all).toMatch(/ harbour .* bridg | bridg .* harbour /)
        if (query === 'climate -storm') expect(all).not.toContain(' storm ')
        if (query === '"trade summit"') expect(all).toContain(' trade summit ')
        if (query === 'infl') expect(all).toMatch(/ infl/)
      }
    },
  )

  test('an exact title ranks first among the many posts holding its words; drafts never show', async () => {
    const titles = generatedCorpus(150).map((s) => s.title)
    const unique = titles.filter((t) => titles.indexOf(t) === titles.lastIndexOf(t) && new Set(t.split(' ')).size === 3).slice(0, 12)
    expect(unique.length).toBeGreaterThan(5)
    for (const title of unique) {
      const found = await titlesFor(site.services, title)
      expect(found[0], title).toBe(title)
      expect(found.length, title).toBeGreaterThan(1)
    }
    const draft = await publish(site.services, { title: `${unique[0]} draft`, content: `<p>${unique[0]}</p>`, status: 'draft' })
    expect((await site.services.search.search({ query: unique[0]!, perPage: 200 }, anonymousActor)).posts.map((p) => p.id)).not.toContain(draft.id)
  })
})

/** The same corpus on both databases must give the same results in the same order. */
describe.runIf(DIALECTS.includes('postgres'))('the same order on SQLite and PostgreSQL', () => {
  const sites: SearchSite[] = []
  beforeAll(async () => {
    for (const dialect of ['sqlite', 'postgres'] as const) {
      const site = await openSearchSite(dialect)
      await load(site.services, [...HAND_WRITTEN, ...generatedCorpus(150)])
      sites.push(site)
    }
  }, 120_000)
  afterAll(async () => {
    for (const site of sites) await site.close()
  })

  const QUERIES = [
    'climate summit', 'harbour bridge', '"harbour bridge"', 'sanction', 'Sao Paulo', 'Zelensky', 'summit -geneva', 'weather',
    'market prices inflation', 'storm -"river bridge"', 'stad', 'the', 'record', 'trade summit treaty', 'vote mayor council',
  ]
  test.each(QUERIES)('%s', async (query) => {
    const [onSqlite, onPostgres] = await Promise.all(sites.map(async (s) => (await s.services.search.search({ query, perPage: 100 }, anonymousActor)).posts.map((p) => `${p.id} ${p.title}`)))
    expect(onSqlite!.length).toBeGreaterThan(0)
    expect(onPostgres).toEqual(onSqlite)
  })
})
