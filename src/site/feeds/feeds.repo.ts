import { sql } from 'kysely'
import type { Db, MediaRow, PostRow } from '../../db/index.js'
import { authorSlug } from './urls.js'

// Read-only queries the feeds and sitemaps need and no domain service offers. Only public columns are selected:
// an email address never leaves the database through this file.

/** The columns permalinks need; bodies stay in the database when only addresses are wanted. */
const LINK_COLUMNS = ['id', 'type', 'slug', 'status', 'title', 'author_id', 'parent_id', 'published_at', 'modified_at'] as const
type LinkColumns = Pick<PostRow, (typeof LINK_COLUMNS)[number]>

/** A post row without its bodies, good for `permalinks.linksFor` and titles. */
export type PostHead = PostRow

const NO_BODY: Omit<PostRow, keyof LinkColumns> = {
  content: '',
  content_source: '',
  content_format: 'html',
  excerpt: '',
  featured_media_id: null,
  password: '',
  created_at: '',
  comment_status: 'closed',
  sticky: 0,
  menu_order: 0,
  comment_count: 0,
}
const head = (row: LinkColumns): PostHead => ({ ...NO_BODY, ...row })

export interface PublicAuthor {
  id: number
  login: string
  display_name: string
}

export interface PostTerm {
  post_id: number
  id: number
  taxonomy: string
  name: string
  slug: string
}

export interface PublicComment {
  id: number
  post_id: number
  author_name: string
  content: string
  /** The body rendered (and sanitized) when the comment was saved. */
  content_html: string
  created_at: string
  modified_at: string
}

export interface Lastmod {
  id: number
  lastmod: string
}

export interface FeedFilter {
  termIds?: readonly number[]
  termId?: number
  authorId?: number
}

export interface SitemapSummary {
  /** Published posts without a password: what the posts sitemaps list. */
  posts: number
  newestPost: string | null
  newestPage: string | null
  newestCategory: string | null
  newestTag: string | null
  newestAuthor: string | null
}

export function createFeedsRepo(db: Db) {
  /** Published posts readers may open (password-protected ones have no public body or comments). */
  const publicPosts = (type: string) =>
    db.selectFrom('posts').where('posts.type', '=', type).where('posts.status', '=', 'publish').where('posts.password', '=', '')

  /** The published posts of a feed: all, in some terms, or by one author. */
  function feedList({ termIds, termId, authorId }: FeedFilter) {
    let q = db.selectFrom('posts').where('type', '=', 'post').where('status', '=', 'publish')
    if (authorId !== undefined) q = q.where('author_id', '=', authorId)
    if (termId !== undefined) q = q.where('id', 'in', (eb) => eb.selectFrom('post_terms').select('post_id').where('term_id', '=', termId))
    if (termIds) q = termIds.length ? q.where('id', 'in', (eb) => eb.selectFrom('post_terms').select('post_id').where('term_id', 'in', termIds)) : q.where((eb) => eb.lit(false))
    return q
  }

  return {
    authorsByIds: (ids: readonly number[]): Promise<PublicAuthor[]> =>
      ids.length ? db.selectFrom('users').select(['id', 'login', 'display_name']).where('id', 'in', [...new Set(ids)]).execute() : Promise.resolve([]),

    async findAuthorBySlug(slug: string): Promise<PublicAuthor | undefined> {
      const direct = await db.selectFrom('users').select(['id', 'login', 'display_name']).where('login', '=', slug).executeTakeFirst()
      if (direct && authorSlug(direct.login) === slug) return direct
      // Logins that are email addresses go by a derived slug; there are few of them.
      const mailLike = await db.selectFrom('users').select(['id', 'login', 'display_name']).where('login', 'like', '%@%').execute()
      return mailLike.find((u) => authorSlug(u.login) === slug)
    },

    termsOfPosts: (postIds: readonly number[]): Promise<PostTerm[]> =>
      postIds.length
        ? db
            .selectFrom('post_terms')
            .innerJoin('terms', 'terms.id', 'post_terms.term_id')
            .select(['post_terms.post_id', 'terms.id', 'terms.taxonomy', 'terms.name', 'terms.slug'])
            .where('post_terms.post_id', 'in', [...new Set(postIds)])
            .orderBy('terms.taxonomy')
            .orderBy('terms.name')
            .execute()
        : Promise.resolve([]),

    terms: (taxonomy: string) =>
      db.selectFrom('terms').select(['id', 'name', 'slug', 'description', 'parent_id']).where('taxonomy', '=', taxonomy).orderBy('id').execute(),

    findTermBySlug: (taxonomy: string, slug: string) =>
      db.selectFrom('terms').select(['id', 'name', 'slug', 'description', 'parent_id']).where('taxonomy', '=', taxonomy).where('slug', '=', slug).executeTakeFirst(),

    /** Media by id (featured images) and by file (images in bodies), in one query. */
    media(ids: readonly number[], files: readonly string[]): Promise<MediaRow[]> {
      if (!ids.length && !files.length) return Promise.resolve([])
      return db
        .selectFrom('media')
        .selectAll()
        .where((eb) => {
          const wanted = []
          if (ids.length) wanted.push(eb('id', 'in', [...new Set(ids)]))
          if (files.length) wanted.push(eb('file', 'in', [...new Set(files)]))
          return eb.or(wanted)
        })
        .execute()
    },

    /** Approved comments on public posts (all, or one post's), newest first. */
    latestComments: (limit: number, postId?: number): Promise<PublicComment[]> => {
      let q = db
        .selectFrom('comments')
        .innerJoin('posts', 'posts.id', 'comments.post_id')
        .select(['comments.id', 'comments.post_id', 'comments.author_name', 'comments.content', 'comments.content_html', 'comments.created_at', 'comments.modified_at'])
        .where('comments.status', '=', 'approved')
        .where('posts.status', '=', 'publish')
        .where('posts.password', '=', '')
      if (postId !== undefined) q = q.where('comments.post_id', '=', postId)
      return q.orderBy('comments.created_at', 'desc').orderBy('comments.id', 'desc').limit(limit).execute()
    },

    /** The newest published posts of a feed (all, in some terms, or by one author), as `posts.list` orders them, without counting them. */
    feedPosts: (filter: FeedFilter, limit: number): Promise<PostRow[]> => feedList(filter).selectAll().orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),

    /** The same posts as `feedPosts`, as ids and modified times: read from the listing index alone (migration 0013). */
    feedHeads: (filter: FeedFilter, limit: number): Promise<Pick<PostRow, 'id' | 'modified_at'>[]> =>
      feedList(filter).select(['id', 'modified_at']).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),

    /** Published posts by id, in no order. */
    publishedPosts: (ids: readonly number[]): Promise<PostRow[]> =>
      ids.length ? db.selectFrom('posts').selectAll().where('id', 'in', ids).where('type', '=', 'post').where('status', '=', 'publish').execute() : Promise.resolve([]),

    postHeads: async (ids: readonly number[]): Promise<PostHead[]> =>
      ids.length ? (await db.selectFrom('posts').select(LINK_COLUMNS).where('id', 'in', [...new Set(ids)]).execute()).map(head) : [],

    findPublicPost: async (id: number): Promise<PostHead | undefined> => {
      const row = await db.selectFrom('posts').select(LINK_COLUMNS).where('id', '=', id).where('status', '=', 'publish').where('password', '=', '').executeTakeFirst()
      return row && head(row)
    },

    /**
     * Published posts for one sitemap file, newest first: ids, slugs and dates only, read from the index
     * `posts_public_dates` without touching a row (the author too when the permalinks name it).
     */
    sitemapPosts: async (offset: number, limit: number, { withAuthor = false } = {}): Promise<PostHead[]> => {
      const rows: Pick<PostRow, 'id' | 'slug' | 'published_at' | 'modified_at' | 'author_id'>[] = withAuthor
        ? await publicPosts('post').select(['id', 'slug', 'published_at', 'modified_at', 'author_id']).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
        : await publicPosts('post').select(['id', 'slug', 'published_at', 'modified_at', sql<null>`null`.as('author_id')]).orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).offset(offset).execute()
      // Thousands of rows: built field by field (a spread of the full row shape costs more than the query).
      return rows.map((r) => ({
        id: r.id, type: 'post', slug: r.slug, status: 'publish', title: '', author_id: r.author_id, parent_id: null, published_at: r.published_at, modified_at: r.modified_at,
        content: '', content_source: '', content_format: 'html', excerpt: '', featured_media_id: null, password: '', created_at: '', comment_status: 'closed', sticky: 0, menu_order: 0, comment_count: 0,
      }))
    },

    /**
     * What sitemap.xml says, in one query of index lookups: how many published posts the posts sitemaps hold and
     * their newest change, and the newest change among published pages and among posts with a category, a tag
     * or an author (null when there is none, and that sitemap is empty).
     */
    async sitemapSummary(): Promise<SitemapSummary> {
      const newest = (q: ReturnType<typeof publishedPosts>) => q.select('p.modified_at').orderBy('p.modified_at', 'desc').limit(1)
      const publishedPosts = () => db.selectFrom('posts as p').where('p.type', '=', 'post').where('p.status', '=', 'publish')
      // Walks posts from the newest change until one has a term of the taxonomy; a site without any (no tags at
      // all) stops at once, on a test made once for the whole walk.
      const withTerm = (taxonomy: string) =>
        newest(publishedPosts())
          .where(({ exists, selectFrom }) => exists(selectFrom('post_terms as at').innerJoin('terms as att', 'att.id', 'at.term_id').select('at.term_id').where('att.taxonomy', '=', taxonomy)))
          .where(({ exists, selectFrom }) =>
            exists(selectFrom('post_terms as pt').innerJoin('terms as t', 't.id', 'pt.term_id').select('pt.term_id').whereRef('pt.post_id', '=', 'p.id').where('t.taxonomy', '=', taxonomy)))
      const row = await db
        .selectNoFrom((eb) => [
          publicPosts('post').select(eb.fn.countAll<number>().as('n')).as('posts'),
          publicPosts('post').select((e) => e.fn.max('posts.modified_at').as('m')).as('newest_post'),
          newest(db.selectFrom('posts as p').where('p.type', '=', 'page').where('p.status', '=', 'publish').where('p.password', '=', '')).as('newest_page'),
          withTerm('category').as('newest_category'),
          withTerm('post_tag').as('newest_tag'),
          newest(publishedPosts()).where(({ exists, selectFrom }) => exists(selectFrom('users as u').select('u.id').whereRef('u.id', '=', 'p.author_id'))).as('newest_author'),
        ])
        .executeTakeFirstOrThrow()
      return {
        posts: Number(row.posts ?? 0),
        newestPost: row.newest_post ?? null,
        newestPage: row.newest_page ?? null,
        newestCategory: row.newest_category ?? null,
        newestTag: row.newest_tag ?? null,
        newestAuthor: row.newest_author ?? null,
      }
    },

    sitemapPages: async (): Promise<PostHead[]> =>
      (await publicPosts('page').select(LINK_COLUMNS).orderBy('menu_order').orderBy('id').execute()).map(head),

    /** The sitemap files of posts, newest first: how many posts each holds and when the newest change in it was. */
    async postChunks(perFile: number): Promise<{ chunk: number; lastmod: string; count: number }[]> {
      const chunk = sql<number>`cast((n - 1) / ${sql.lit(Math.max(1, Math.floor(perFile)))} as integer)`
      const numbered = publicPosts('post').select(['posts.modified_at', sql<number>`row_number() over (order by posts.published_at desc, posts.id desc)`.as('n')])
      const rows = await db
        .selectFrom(numbered.as('numbered'))
        .select([
          chunk.as('chunk'),
          (eb) => eb.fn.max('modified_at').as('lastmod'),
          (eb) => eb.fn.countAll<number>().as('count'),
        ])
        .groupBy(chunk)
        .orderBy('chunk')
        .execute()
      return rows.map((r) => ({ chunk: Number(r.chunk), lastmod: r.lastmod, count: Number(r.count) }))
    },

    newestModified: async (type: string): Promise<string | null> =>
      (await publicPosts(type).select((eb) => eb.fn.max('modified_at').as('lastmod')).executeTakeFirst())?.lastmod ?? null,

    /** For each term with published posts, when the newest change among them was. */
    termLastmods: (taxonomy: string): Promise<Lastmod[]> =>
      db
        .selectFrom('post_terms')
        .innerJoin('posts', 'posts.id', 'post_terms.post_id')
        .innerJoin('terms', 'terms.id', 'post_terms.term_id')
        .select(['terms.id', (eb) => eb.fn.max('posts.modified_at').as('lastmod')])
        .where('terms.taxonomy', '=', taxonomy)
        .where('posts.type', '=', 'post')
        .where('posts.status', '=', 'publish')
        .groupBy('terms.id')
        .execute(),

    authorLastmods: (): Promise<(Lastmod & { login: string })[]> =>
      db
        .selectFrom('posts')
        .innerJoin('users', 'users.id', 'posts.author_id')
        .select(['users.id', 'users.login', (eb) => eb.fn.max('posts.modified_at').as('lastmod')])
        .where('posts.type', '=', 'post')
        .where('posts.status', '=', 'publish')
        .groupBy(['users.id', 'users.login'])
        .orderBy('users.id')
        .execute(),
  }
}

export type FeedsRepo = ReturnType<typeof createFeedsRepo>
