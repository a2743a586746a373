import type { Services } from '../src/services.js'
import { systemActor } from '../src/users/index.js'

const WORDS = (
  'the council government minister election budget city report police court school hospital market energy climate ' +
  'water transport housing health economy workers union strike festival museum river bridge harbour airport railway ' +
  'storm farmers prices inflation exports trade summit treaty talks vote campaign mayor residents community library ' +
  'science research university students teachers team season match coach players stadium record weather forecast'
).split(' ')

/** A deterministic pseudo-random generator, so every run benchmarks the same corpus. */
function rng(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

function paragraph(rand: () => number, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)]!)
  const text = out.join(' ')
  return `<p>${text.charAt(0).toUpperCase()}${text.slice(1)}. "Quoted words," they said -- it's true...</p>`
}

export interface CorpusOptions {
  posts: number
  categories?: number
  tags?: number
}

/** Writes a corpus through the domain services (never raw SQL), as an editor would. */
export async function generateCorpus(services: Services, { posts, categories = 20, tags = 100 }: CorpusOptions): Promise<{ postIds: number[] }> {
  const rand = rng(42)
  const categoryIds: number[] = []
  for (let i = 0; i < categories; i++) {
    const parentId = i >= 5 ? categoryIds[i % 5] : undefined
    categoryIds.push((await services.terms.create('category', { name: `Section ${i + 1}`, parentId }, systemActor)).id)
  }
  const tagIds: number[] = []
  for (let i = 0; i < tags; i++) tagIds.push((await services.terms.create('post_tag', { name: `Topic ${i + 1}` }, systemActor)).id)
  const start = Date.now() - posts * 3600_000
  const postIds: number[] = []
  for (let i = 0; i < posts; i++) {
    const paragraphs: string[] = []
    const count = 8 + Math.floor(rand() * 8)
    for (let p = 0; p < count; p++) {
      if (p === 3) paragraphs.push(`<h2>${WORDS[Math.floor(rand() * WORDS.length)]} and ${WORDS[Math.floor(rand() * WORDS.length)]}</h2>`)
      paragraphs.push(paragraph(rand, 60 + Math.floor(rand() * 40)))
    }
    const post = await services.posts.create(
      {
        title: `Story ${i + 1}: the ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} question`,
        content: paragraphs.join('\n'),
        status: 'publish',
        publishedAt: new Date(start + i * 3600_000),
        categories: [categoryIds[Math.floor(rand() * categoryIds.length)]!],
        tags: [tagIds[Math.floor(rand() * tagIds.length)]!, tagIds[Math.floor(rand() * tagIds.length)]!],
      },
      systemActor,
    )
    postIds.push(post.id)
  }
  return { postIds }
}
