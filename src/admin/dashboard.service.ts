import type { CommentsService } from '../comments/index.js'
import { htmlToText, type PostsService } from '../content/index.js'
import type { Db } from '../db/index.js'
import type { SettingsService } from '../settings/index.js'
import type { Clock } from '../shared/clock.js'
import { toIso } from '../shared/clock.js'
import { type Actor, actorUserId, can } from '../users/index.js'
import { createAdminRepo } from './admin.repo.js'

export const ACTIVITY_DAYS = 30
const DAY = 24 * 60 * 60 * 1000

export interface DashboardDeps {
  db: Db
  clock: Clock
  posts: PostsService
  comments: CommentsService
  settings: SettingsService
}

/** What the dashboard shows a person who writes: counts, their drafts, recent comments, and 30 days of activity. */
export function createDashboardService({ db, clock, posts, comments, settings }: DashboardDeps) {
  const repo = createAdminRepo(db)

  async function summary(actor: Actor) {
    const now = clock.now()
    const timeZone = (await settings.get('timezone')) || 'UTC'
    const moderator = can(actor, 'moderate_comments') || can(actor, 'edit_published_posts')
    const [byStatus, commentCounts, drafts, recent, activity] = await Promise.all([
      posts.countByStatus('post'),
      moderator ? comments.counts({}, actor) : null,
      posts.list({ status: 'draft', authorId: actorUserId(actor) ?? undefined, orderBy: 'modified_at', perPage: 5 }, actor),
      moderator ? comments.list({ limit: 10 }, actor) : [],
      activitySeries(now, timeZone),
    ])
    const shown = recent.filter((c) => c.status === 'approved' || c.status === 'pending').slice(0, 5)
    // What each comment is on, by title, as WordPress's "Activity" box says it.
    const titles = new Map<number, string>()
    for (const id of new Set(shown.map((c) => c.post_id))) titles.set(id, await posts.get(id, actor).then((p) => p.title, () => ''))
    return {
      counts: {
        published: byStatus.publish ?? 0,
        drafts: byStatus.draft ?? 0,
        pending: byStatus.pending ?? 0,
        scheduled: byStatus.future ?? 0,
        comments_pending: commentCounts?.pending ?? 0,
      },
      recent_drafts: drafts.posts.map((p) => ({ id: p.id, title: p.title, modified_gmt: p.modified_at, excerpt: excerptOf(p.content) })),
      recent_comments: shown.map((c) => ({ id: c.id, post: c.post_id, post_title: titles.get(c.post_id) ?? '', author_name: c.author_name, date_gmt: c.created_at, status: c.status, excerpt: excerptOf(c.content_html || c.content) })),
      activity,
    }
  }

  /** Posts published and comments written on each of the last 30 days, counted in the site's time zone. */
  async function activitySeries(now: Date, timeZone: string) {
    const day = dayKey(timeZone)
    const days: string[] = []
    for (let i = ACTIVITY_DAYS - 1; i >= 0; i--) days.push(day(new Date(now.getTime() - i * DAY)))
    const since = toIso(new Date(now.getTime() - (ACTIVITY_DAYS + 1) * DAY))
    const [published, written] = await Promise.all([repo.publishedSince(since), repo.commentsSince(since)])
    const tally = (dates: string[]) => {
      const counts = new Map<string, number>()
      for (const d of dates) counts.set(day(new Date(d)), (counts.get(day(new Date(d))) ?? 0) + 1)
      return counts
    }
    const postsByDay = tally(published)
    const commentsByDay = tally(written)
    return days.map((d) => ({ day: d, posts: postsByDay.get(d) ?? 0, comments: commentsByDay.get(d) ?? 0 }))
  }

  return { summary }
}

function dayKey(timeZone: string): (d: Date) => string {
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  } catch {
    format = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' })
  }
  return (d) => format.format(d)
}

const excerptOf = (html: string) => {
  const text = htmlToText(html).replace(/\s+/g, ' ').trim()
  return text.length > 140 ? `${text.slice(0, 139).trimEnd()}…` : text
}

export type DashboardService = ReturnType<typeof createDashboardService>
