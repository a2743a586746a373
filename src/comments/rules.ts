import type { Settings } from '../settings/index.js'

/** What the discussion rules look at: the comment as it would be stored, and who sends it from where. */
export interface Candidate {
  postId: number
  parentId: number | null
  userId: number | null
  authorName: string
  authorEmail: string
  authorUrl: string
  authorIp: string
  userAgent: string
  /** Sanitized HTML, as stored. */
  content: string
  /** As readers would see it: what links are counted in. */
  html: string
  /** The words alone. */
  text: string
}

/** The lines of a word-list setting (`moderation_keys`, `disallowed_keys`): one word, name, email, URL or IP a line. */
export const wordList = (setting: string): string[] =>
  setting
    .split('\n')
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean)

/**
 * The first entry of `list` found in any part of the comment (name, email, URL, text, IP, browser), as WordPress
 * matches: a case-insensitive substring, so `192.0.2.` stands for a whole range and `casino` for `casinos`.
 */
export function findListed(list: readonly string[], c: Candidate): string | null {
  if (!list.length) return null
  const fields = [c.authorName, c.authorEmail, c.authorUrl, c.content, c.text, c.authorIp, c.userAgent].map((f) => f.toLowerCase())
  return list.find((word) => fields.some((f) => f.includes(word))) ?? null
}

const DAY_MS = 86_400_000

/** Comments close on their own on posts older than `close_comments_days_old` days, when the site says so. */
export function closedByAge(post: { published_at: string | null }, settings: Settings, now: Date): boolean {
  if (!settings.close_comments_for_old_posts || !post.published_at) return false
  return now.getTime() - Date.parse(post.published_at) > settings.close_comments_days_old * DAY_MS
}

/** Whether readers may comment on a post now: open on the post, and not closed by its age. */
export const commentsOpen = (post: { comment_status: string; status: string; published_at: string | null }, settings: Settings, now: Date): boolean =>
  post.status === 'publish' && post.comment_status === 'open' && !closedByAge(post, settings, now)

/**
 * A commenter's website as it may be linked: http or https only (a `javascript:` or `data:` address is dropped),
 * a bare `example.com` taken as http, at most 200 characters as in WordPress.
 */
export function cleanAuthorUrl(raw: string): string {
  let text = raw.trim().replace(/[\s\u0000-\u001f\u007f]/g, '')
  if (!text) return ''
  if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) {
    if (!/^[\w-]+(\.[\w-]+)+([/?#:]|$)/.test(text.replace(/^\/\//, ''))) return ''
    text = `http://${text.replace(/^\/\//, '')}`
  }
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return ''
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname || url.username || url.password) return ''
  // As typed when it is plain ASCII (no trailing slash added); the parser's form for anything else (IDN hosts).
  const out = /^[\x21-\x7e]+$/.test(text) ? text : url.href
  return out.length > 200 ? '' : out
}
