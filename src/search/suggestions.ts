import { canEditPost, canReadPost, postNotFound } from '../content/index.js'
import type { Db, PostRow } from '../db/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import type { Actor } from '../users/index.js'
import { STOPWORDS, stemOf, words } from './analyzer.js'
import { plainText } from './documents.js'
import { type EntityKind, extractEntities } from './entities.js'

export interface TagSuggestion {
  name: string
  kind: EntityKind
  /** The site's tag of that name, or null: accepting it creates the tag. */
  tag_id: number | null
}

const MAX_SUGGESTIONS = 20
const MAX_GAZETTEER_WORDS = 4

/** The post, when `actor` may edit it (a post they may not even read looks missing). */
export async function editablePost(db: Db, postId: number, actor: Actor): Promise<PostRow> {
  const post = await db.selectFrom('posts').selectAll().where('id', '=', postId).executeTakeFirst()
  if (!post || post.status === 'trash' || !canReadPost(actor, post)) throw postNotFound(postId)
  if (!canEditPost(actor, post)) throw new DomainError('forbidden', 'cannot_edit_post', 'Sorry, you are not allowed to edit this post.', { id: postId })
  return post
}

/**
 * Tags to suggest for a story: the people, places and organisations it names (compromise), and the site's own
 * tags found in its text (the gazetteer), minus the tags it already has. Suggestions only: nothing is tagged.
 */
export async function suggestTags(db: Db, postId: number, actor: Actor): Promise<TagSuggestion[]> {
  const post = await editablePost(db, postId, actor)
  const text = [post.title, plainText(post.excerpt), post.password === '' ? plainText(post.content) : ''].filter(Boolean).join('.\n')
  const [tags, attached] = await Promise.all([
    db.selectFrom('terms').select(['id', 'name']).where('taxonomy', '=', 'post_tag').execute(),
    db.selectFrom('post_terms').select('term_id').where('post_id', '=', postId).execute(),
  ])
  const has = new Set(attached.map((r) => r.term_id))
  const tagByName = new Map<string, { id: number; name: string }>()
  for (const tag of tags) {
    const key = foldedWords(tag.name)
    // A tag named like a common word would be suggested for every story.
    if (key.length >= 3 && !STOPWORDS.has(stemOf(key))) tagByName.set(key, tag)
  }

  const out = new Map<string, TagSuggestion & { rank: number }>()
  for (const entity of await extractEntities(text)) {
    const key = foldedWords(entity.name)
    const tag = tagByName.get(key)
    if (!key || (tag && has.has(tag.id))) continue
    out.set(key, { name: tag?.name ?? entity.name, kind: entity.kind, tag_id: tag?.id ?? null, rank: entity.count * 1000 - entity.first / 1000 })
  }
  for (const [key, count] of ngrams(text)) {
    const tag = tagByName.get(key)
    if (!tag || has.has(tag.id) || out.has(key)) continue
    out.set(key, { name: tag.name, kind: 'tag', tag_id: tag.id, rank: count * 1000 })
  }
  return [...out.values()]
    .sort((a, b) => b.rank - a.rank)
    .slice(0, MAX_SUGGESTIONS)
    .map(({ name, kind, tag_id }) => ({ name, kind, tag_id }))
}

const foldedWords = (text: string) => words(text).map((w) => w.folded).join(' ')

/** Every run of one to four words of the text, folded, with how often it occurs. */
function ngrams(text: string): Map<string, number> {
  const list = words(text).map((w) => w.folded)
  const counts = new Map<string, number>()
  for (let i = 0; i < list.length; i++) {
    for (let n = 1; n <= MAX_GAZETTEER_WORDS && i + n <= list.length; n++) {
      const key = list.slice(i, i + n).join(' ')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
  }
  return counts
}

/**
 * Accepts a suggestion: the post gets the tag of that name, reusing the site's tag when there is one and
 * creating it otherwise (through the posts service, so the writer's rules apply). Returns the tag's id.
 */
export async function acceptTag(
  db: Db,
  posts: { update(id: number, input: { tags: (string | number)[] }, actor: Actor): Promise<PostRow> },
  postId: number,
  name: string,
  actor: Actor,
): Promise<number> {
  await editablePost(db, postId, actor)
  const wanted = name.trim()
  if (!wanted || wanted.length > 200) throw invalid('invalid_tag_name', 'A tag needs a name of at most 200 characters.')
  const key = foldedWords(wanted)
  // A name of no letters or digits ("!!!") folds to nothing: it is only the same as itself.
  const same = (tag: { name: string }) => (key ? foldedWords(tag.name) === key : tag.name.trim() === wanted)
  const tags = await db.selectFrom('terms').select(['id', 'name']).where('taxonomy', '=', 'post_tag').execute()
  const existing = tags.find(same)
  // A name of digits alone would be read as a tag id.
  if (!existing && /^\d+$/.test(wanted)) throw invalid('invalid_tag_name', 'A new tag name cannot be a number alone.')
  const current = await db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select('terms.id').where('post_terms.post_id', '=', postId).where('terms.taxonomy', '=', 'post_tag').execute()
  await posts.update(postId, { tags: [...current.map((t) => t.id), existing?.id ?? wanted] }, actor)
  const tag = existing ?? (await db.selectFrom('terms').select(['id', 'name']).where('taxonomy', '=', 'post_tag').execute()).find(same)
  return tag!.id
}
