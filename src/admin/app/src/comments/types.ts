/** A comment as the REST API gives it to a moderator (`context=edit`, `_embed=up,in-reply-to`). */
export interface WpComment {
  id: number
  post: number
  parent: number
  author: number
  author_name: string
  author_email: string
  author_url: string
  author_ip: string
  date_gmt: string
  content: { rendered: string; raw: string }
  link: string
  status: 'approved' | 'hold' | 'spam' | 'trash'
  _embedded?: {
    up?: { id: number; title?: { rendered: string }; link?: string; type?: string }[]
    'in-reply-to'?: { id: number; author_name: string }[]
  }
}

export type CommentCounts = { pending: number; approved: number; spam: number; trash: number; total: number }

/** The nav badge listens for this after any moderation, so its count follows without a reload. */
export const COMMENTS_CHANGED = 'pressroom:comments-changed'
export const commentsChanged = () => window.dispatchEvent(new Event(COMMENTS_CHANGED))
/** The comments screen tells the badge the pending count it just read, so the two agree without another request. */
export const PENDING_SEEN = 'pressroom:comments-pending'
