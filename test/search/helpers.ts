import { openSite } from '../../src/boot.js'
import type { PostRow } from '../../src/db/index.js'
import type { Services } from '../../src/services.js'
import { anonymousActor, systemActor } from '../../src/users/index.js'
import { type DialectName, tempDataDir, testConfig } from '../helpers/databases.js'

/** "Today" in every search test: rankings lean to the recent, so they are computed against a fixed day. */
export const TODAY = new Date('2025-06-15T12:00:00Z')

export interface SearchSite {
  services: Services
  close(): Promise<void>
}

/** A fresh, unseeded site on `dialect` whose clock stands still at TODAY. */
export async function openSearchSite(dialect: DialectName): Promise<SearchSite> {
  const { dir, cleanup } = tempDataDir()
  const site = await openSite(await testConfig(dialect, dir), { seed: false, clock: { now: () => new Date(TODAY) } })
  return {
    services: site.services,
    close: async () => {
      await site.services.search.close()
      await site.close()
      cleanup()
    },
  }
}

export const daysAgo = (days: number) => new Date(TODAY.getTime() - days * 86_400_000)

export interface StoryInput {
  title: string
  content: string
  days?: number
  status?: string
  categories?: string[]
  tags?: string[]
  excerpt?: string
  authorId?: number
}

export async function publish(services: Services, story: StoryInput): Promise<PostRow> {
  return services.posts.create(
    {
      title: story.title,
      content: story.content,
      excerpt: story.excerpt,
      status: story.status ?? 'publish',
      publishedAt: story.status && story.status !== 'publish' ? undefined : daysAgo(story.days ?? 10),
      categories: story.categories,
      tags: story.tags,
      authorId: story.authorId,
    },
    systemActor,
  )
}

/** Titles of what a reader finds, best first. */
export async function titlesFor(services: Services, query: string, perPage = 50): Promise<string[]> {
  return (await services.search.search({ query, perPage }, anonymousActor)).posts.map((p) => p.title)
}

/** The example story, and one that names nobody. */
export const DIPLOMACY = `<p>Secretary of State Antony Blinken met Vladimir Putin's envoy in Kuwait on Monday before flying to Saudi Arabia.
Officials from Brazil, India and Japan joined the talks.</p><p>Blinken said the sanctions would stay. "We are not done," he said in Riyadh.</p>`
export const NO_ENTITIES = `<p>Yesterday it rained all day. We stayed at home, read some books about cooking and walked the dog when the weather cleared.</p>
<p>Nothing else happened, and nobody minded very much.</p>`
