import sharp from 'sharp'
import type { Services } from '../src/services.js'
import { systemActor } from '../src/users/index.js'

export const WORDS = (
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

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)]!

function paragraph(rand: () => number, words: number): string {
  const out: string[] = []
  for (let i = 0; i < words; i++) out.push(pick(rand, WORDS))
  const text = out.join(' ')
  return `<p>${text.charAt(0).toUpperCase()}${text.slice(1)}. "Quoted words," they said -- it's true...</p>`
}

const figure = (img: { id: number; file: string; width: number | null; height: number | null; alt_text: string }, caption: string) =>
  `<figure id="attachment_${img.id}" class="wp-caption aligncenter"><img src="/uploads/${img.file}" alt="${img.alt_text}" width="${img.width}" height="${img.height}"><figcaption class="wp-caption-text">${caption}</figcaption></figure>`

export interface CorpusOptions {
  posts: number
  categories?: number
  tags?: number
  authors?: number
  /** Comments over the whole corpus, in threads; the newest post always gets 20. */
  comments?: number
  onProgress?: (done: number) => void
}

export interface Corpus {
  postIds: number[]
  /** The newest post: it has 20 comments and a Read Also block. */
  featuredPostId: number
  categoryIds: number[]
  tagIds: number[]
}

/** Writes a realistic corpus through the domain services (never raw SQL), as editors and readers would. */
export async function generateCorpus(services: Services, options: CorpusOptions): Promise<Corpus> {
  const { posts, categories = 20, tags = 300, authors = 5, comments = posts * 3 } = options
  const rand = rng(42)
  const authorIds: number[] = []
  for (let i = 0; i < authors; i++) {
    authorIds.push((await services.users.create({ email: `writer${i + 1}@bench.example`, displayName: `Writer ${i + 1}`, role: 'author', password: null }, systemActor)).id)
  }
  const categoryIds: number[] = []
  for (let i = 0; i < categories; i++) {
    const parentId = i >= 5 ? categoryIds[i % 5] : undefined
    categoryIds.push((await services.terms.create('category', { name: `Section ${i + 1}`, parentId }, systemActor)).id)
  }
  const tagIds: number[] = []
  for (let i = 0; i < tags; i++) tagIds.push((await services.terms.create('post_tag', { name: `Topic ${i + 1}` }, systemActor)).id)
  const images = []
  for (const [i, color] of ['#1d3557', '#b1261d', '#2a9d8f'].entries()) {
    const data = await sharp({ create: { width: 1600, height: 900, channels: 3, background: color } }).jpeg({ quality: 70 }).toBuffer()
    images.push(await services.media.upload({ data, filename: `bench-photo-${i + 1}.jpg`, altText: `Bench photo ${i + 1}`, caption: `Photo ${i + 1}` }, systemActor))
  }
  const start = Date.now() - posts * 3600_000
  const postIds: number[] = []
  for (let i = 0; i < posts; i++) {
    const body: string[] = []
    const count = 8 + Math.floor(rand() * 8)
    for (let p = 0; p < count; p++) {
      if (p === 3) body.push(`<h2>${pick(rand, WORDS)} and ${pick(rand, WORDS)}</h2>`)
      if (p === 2 || p === 6) body.push(figure(pick(rand, images), `A caption for figure ${p} of story ${i + 1}.`))
      body.push(paragraph(rand, 60 + Math.floor(rand() * 40)))
    }
    const post = await services.posts.create(
      {
        title: `Story ${i + 1}: the ${WORDS[i % WORDS.length]} ${WORDS[(i * 7) % WORDS.length]} question`,
        content: body.join('\n'),
        status: 'publish',
        publishedAt: new Date(start + i * 3600_000),
        authorId: pick(rand, authorIds),
        featuredMediaId: pick(rand, images).id,
        categories: [pick(rand, categoryIds)],
        tags: [pick(rand, tagIds), pick(rand, tagIds)],
        commentStatus: 'open',
      },
      systemActor,
    )
    postIds.push(post.id)
    if ((i + 1) % 1000 === 0) options.onProgress?.(i + 1)
  }
  const featuredPostId = postIds.at(-1)!
  await addComments(services, featuredPostId, 20, rand)
  // The other threads go to any post but the featured one, which keeps exactly 20.
  const others = postIds.slice(0, -1)
  for (let left = comments - 20; left > 0 && others.length; left -= 5) await addComments(services, pick(rand, others), Math.min(5, left), rand)
  return { postIds, featuredPostId, categoryIds, tagIds }
}

/** A small thread: every other comment replies to the one before. */
async function addComments(services: Services, postId: number, count: number, rand: () => number): Promise<void> {
  let parentId: number | null = null
  for (let i = 0; i < count; i++) {
    const comment = await services.comments.create(
      {
        postId,
        parentId: i % 2 ? parentId : null,
        authorName: `Reader ${Math.floor(rand() * 1000)}`,
        authorEmail: `reader${Math.floor(rand() * 1000)}@bench.example`,
        content: paragraph(rand, 25).replace(/<\/?p>/g, ''),
        status: 'approved',
      },
      systemActor,
    )
    parentId = comment.id
  }
}
