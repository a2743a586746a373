import type { Db, PostRow } from '../db/index.js'
import { stems } from './analyzer.js'
import type { FieldTokens } from './tables.js'

/** Words of the body that stand in for a missing excerpt: the story's lead. */
const LEAD_WORDS = 50

const NAMED: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", hellip: '…', mdash: '—', ndash: '–', lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', shy: '' }

const INLINE = /<\/?(?:a|abbr|b|bdi|bdo|cite|code|data|del|dfn|em|i|ins|kbd|mark|q|s|small|span|strong|sub|sup|time|u|var|wbr)\b[^>]*>/gi

/**
 * Plain text of stored HTML: inline tags vanish without a gap ("<b>busy</b>." stays "busy."), block tags part
 * words, and character references are read (`&#8217;` is an apostrophe, not the word 8217).
 */
export function plainText(html: string): string {
  const text = html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(INLINE, '')
    .replace(/<[^>]*>/g, ' ')
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi, (whole, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name.toLowerCase()] ?? whole
    const code = dec ? Number(dec) : Number.parseInt(hex!, 16)
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : ' '
  }).replace(/\s+/g, ' ').trim()
}

export const INDEXED_TYPES: readonly string[] = ['post', 'page']

/** Everything but the trash is indexed: editors search drafts; readers' queries ask for published posts only. */
export const isIndexable = (post: Pick<PostRow, 'type' | 'status'>) => INDEXED_TYPES.includes(post.type) && post.status !== 'trash'

/**
 * A post as the index sees it: title; terms (categories, tags) and the author's name; the lead (the excerpt, or
 * the body's first words); the body as plain text. A password-protected post is found by its title only.
 */
export async function documentOf(db: Db, post: PostRow): Promise<FieldTokens> {
  const [terms, author] = await Promise.all([
    db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select('terms.name').where('post_terms.post_id', '=', post.id).orderBy('terms.id').execute(),
    post.author_id === null ? undefined : db.selectFrom('users').select('display_name').where('id', '=', post.author_id).executeTakeFirst(),
  ])
  const meta = [...terms.map((t) => t.name), author?.display_name ?? ''].join(' · ')
  if (post.password !== '') return { title: stems(post.title), meta: stems(meta), lead: [], body: [] }
  const body = stems(plainText(post.content))
  const lead = post.excerpt ? stems(plainText(post.excerpt)) : body.slice(0, LEAD_WORDS)
  return { title: stems(post.title), meta: stems(meta), lead, body }
}

/** The plain text a snippet is cut from: the body, or the excerpt when the body lacks the words. */
export function textsForSnippet(post: PostRow): string[] {
  if (post.password !== '') return []
  return [plainText(post.content), plainText(post.excerpt)]
}

/**
 * The documents of many posts, their terms and authors read in two queries for all of them (an import's bulk
 * indexing); each is what documentOf makes of the post.
 */
export async function documentsOf(db: Db, posts: readonly PostRow[]): Promise<Map<number, FieldTokens>> {
  const out = new Map<number, FieldTokens>()
  if (!posts.length) return out
  const authorIds = [...new Set(posts.flatMap((p) => (p.author_id === null ? [] : [p.author_id])))]
  const [terms, authors] = await Promise.all([
    db.selectFrom('post_terms').innerJoin('terms', 'terms.id', 'post_terms.term_id').select(['post_terms.post_id', 'terms.name']).where('post_terms.post_id', 'in', posts.map((p) => p.id)).orderBy('post_terms.post_id').orderBy('terms.id').execute(),
    authorIds.length ? db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', authorIds).execute() : [],
  ])
  const termNames = new Map<number, string[]>()
  for (const t of terms) termNames.set(t.post_id, [...(termNames.get(t.post_id) ?? []), t.name])
  const authorName = new Map(authors.map((a) => [a.id, a.display_name]))
  for (const post of posts) {
    const meta = [...(termNames.get(post.id) ?? []), post.author_id === null ? '' : (authorName.get(post.author_id) ?? '')].join(' · ')
    if (post.password !== '') {
      out.set(post.id, { title: stems(post.title), meta: stems(meta), lead: [], body: [] })
      continue
    }
    const body = stems(plainText(post.content))
    const lead = post.excerpt ? stems(plainText(post.excerpt)) : body.slice(0, LEAD_WORDS)
    out.set(post.id, { title: stems(post.title), meta: stems(meta), lead, body })
  }
  return out
}
