import type { Generated, Insertable, Selectable, Updateable } from 'kysely'

// Dates are ISO-8601 UTC strings and flags are 0/1 integers on both databases, so one set of queries fits both.

export interface UsersTable {
  id: Generated<number>
  login: string
  email: string
  display_name: string
  role: string
  password_hash: string | null
  url: string
  description: string
  registered_at: string
  updated_at: string
}

export interface SessionsTable {
  /** SHA-256 of the cookie's token: a stolen database gives no usable session. */
  id: string
  user_id: number
  created_at: string
  expires_at: string
  last_seen_at: string
  ip: string
  user_agent: string
}

export interface AppPasswordsTable {
  id: Generated<number>
  uuid: string
  user_id: number
  name: string
  password_hash: string
  created_at: string
  last_used_at: string | null
  last_ip: string | null
}

export interface PostsTable {
  id: Generated<number>
  type: string
  title: string
  slug: string
  content: string
  content_source: string
  content_format: string
  excerpt: string
  status: string
  /** Null for content that no user wrote (the welcome post before the site is set up). */
  author_id: number | null
  parent_id: number | null
  featured_media_id: number | null
  password: string
  published_at: string | null
  created_at: string
  modified_at: string
  comment_status: string
  sticky: number
  menu_order: number
  comment_count: number
}

export interface PostRevisionsTable {
  id: Generated<number>
  post_id: number
  author_id: number | null
  title: string
  content: string
  content_source: string
  excerpt: string
  created_at: string
  /** 1 for an autosave (one per post and author, overwritten), 0 for a revision. */
  autosave: Generated<number>
}

export interface OldSlugsTable {
  post_id: number
  type: string
  slug: string
  created_at: string
}

export interface TermsTable {
  id: Generated<number>
  taxonomy: string
  name: string
  slug: string
  description: string
  parent_id: number | null
  count: number
}

export interface PostTermsTable {
  post_id: number
  term_id: number
}

export interface CommentsTable {
  id: Generated<number>
  post_id: number
  parent_id: number | null
  user_id: number | null
  author_name: string
  author_email: string
  author_url: string
  author_ip: string
  author_user_agent: string
  content: string
  status: string
  type: string
  created_at: string
  modified_at: string
  /** The comment as readers see it, rendered at save from `content` (0002). */
  content_html: Generated<string>
  /** A salted hash of the commenter's email that avatars are drawn from: never the plain email hash (0002). */
  avatar_hash: Generated<string>
  /** Why the discussion rules held or spammed it, for moderators (0002). */
  moderation_reason: Generated<string>
  /** The status to go back to when taken out of spam or the trash (0002). */
  previous_status: Generated<string>
}

export interface MediaTable {
  id: Generated<number>
  file: string
  original_name: string
  mime_type: string
  size: number
  width: number | null
  height: number | null
  title: string
  alt_text: string
  caption: string
  description: string
  /** JSON: {name: {file, width, height, mime_type}} of generated sizes. */
  variants: string
  author_id: number | null
  source_url: string
  created_at: string
}

export interface SettingsTable {
  key: string
  /** JSON-encoded value. */
  value: string
}

/** Which WordPress object an imported row came from (src/wxr). */
export interface WxrIdsTable {
  kind: string
  source: string
  old_id: string
  new_id: number
  guid: string
  old_path: string
}

/** Imported WordPress metadata without a column of its own (custom fields), kept for export. */
export interface WxrMetaTable {
  kind: string
  object_id: number
  meta_key: string
  meta_value: string
}

/** A post as the search index holds it (0005, src/search): each field as a token string, and their lengths. */
export interface SearchDocsTable {
  post_id: number
  /** The post's, copied so that searches filter without reading posts rows. */
  type: string
  status: string
  author_id: number | null
  published_at: string | null
  title: string
  meta: string
  lead: string
  body: string
  title_len: number
  meta_len: number
  lead_len: number
  body_len: number
  indexed_at: string
  /** PostgreSQL only: the full-text vectors (0005, 0010), written with the row by the search module, never read back. */
  head_tsv?: string
  full_tsv?: string
  terms_tsv?: string
}

/** How many indexed posts hold each stem (0005). */
export interface SearchTermsTable {
  term: string
  df: number
}

/** Totals of the search index: documents and tokens per field (0005). */
export interface SearchStatsTable {
  name: string
  value: number | string
}

/** Each post's stored "Read Also" list (0005). */
export interface PostRelatedTable {
  post_id: number
  rank: number
  related_id: number
  score: number
}

/** "Read Also" lists computed, and when (0014); a published post without a row has its list still to compute. */
export interface RelatedListsTable {
  post_id: number
  computed_at: string
}

export interface MigrationsTable {
  name: string
  applied_at: string
}

export interface Database {
  users: UsersTable
  sessions: SessionsTable
  app_passwords: AppPasswordsTable
  posts: PostsTable
  post_revisions: PostRevisionsTable
  old_slugs: OldSlugsTable
  terms: TermsTable
  post_terms: PostTermsTable
  comments: CommentsTable
  media: MediaTable
  settings: SettingsTable
  wxr_ids: WxrIdsTable
  wxr_meta: WxrMetaTable
  search_docs: SearchDocsTable
  search_terms: SearchTermsTable
  search_stats: SearchStatsTable
  post_related: PostRelatedTable
  related_lists: RelatedListsTable
  pressroom_migrations: MigrationsTable
}

export type UserRow = Selectable<UsersTable>
export type NewUserRow = Insertable<UsersTable>
export type PostRow = Selectable<PostsTable>
export type NewPostRow = Insertable<PostsTable>
export type PostUpdate = Updateable<PostsTable>
export type RevisionRow = Selectable<PostRevisionsTable>
export type TermRow = Selectable<TermsTable>
export type CommentRow = Selectable<CommentsTable>
export type MediaRow = Selectable<MediaTable>
export type SessionRow = Selectable<SessionsTable>
export type AppPasswordRow = Selectable<AppPasswordsTable>
