import { createCommentsService, type CommentsService, type SpamCheck, type Submission } from '../../src/comments/index.js'
import type { Settings } from '../../src/settings/index.js'
import type { Clock } from '../../src/shared/clock.js'
import type { Actor, Role } from '../../src/users/index.js'
import { usersByRole } from '../helpers/actors.js'
import { type DialectName, openTestSite, type TestSite } from '../helpers/databases.js'

/** A clock the test moves by hand. */
export function manualClock(start = Date.parse('2026-03-02T10:00:00Z')) {
  let now = start
  const clock: Clock = { now: () => new Date(now) }
  return { clock, advance: (seconds: number) => (now += seconds * 1000), at: () => now }
}

export interface SubmitFixture {
  site: TestSite
  as: Record<Role, { id: number; actor: Actor }>
  postId: number
  comments: CommentsService
  time: ReturnType<typeof manualClock>
  /** The discussion settings, changed as an administrator. */
  set(changes: Partial<Settings>): Promise<void>
  close(): Promise<void>
}

/**
 * A site with a published post by the author, and a comments service on a clock the test moves. The rules a test
 * does not look at are relaxed unless `strict`, so each test sees one rule at work.
 */
export async function submitFixture(dialect: DialectName, { strict = false, spamChecks }: { strict?: boolean; spamChecks?: SpamCheck[] } = {}): Promise<SubmitFixture> {
  const site = await openTestSite(dialect)
  const as = await usersByRole(site.services)
  const time = manualClock()
  const post = await site.services.posts.create({ title: 'Open for discussion', status: 'publish', authorId: as.author.id, publishedAt: new Date(time.at() - 86_400_000) }, as.editor.actor)
  const { handle, settings, events } = site.services
  const comments = createCommentsService({ db: handle.db, clock: time.clock, settings, events, ...(spamChecks ? { spamChecks } : {}) })
  const set = async (changes: Partial<Settings>) => {
    await settings.update(changes, as.administrator.actor)
  }
  if (!strict) await set({ comment_previously_approved: false, comment_flood_seconds: 0, comment_min_fill_seconds: 0 })
  return { site, as, postId: post.id, comments, time, set, close: () => site.close() }
}

let serial = 0

/** A reader's comment with words of its own (so it is never a duplicate) from an address of its own. */
export function visitor(postId: number, extra: Partial<Submission> = {}): Submission {
  serial++
  return {
    postId,
    authorName: 'Rita Reader',
    authorEmail: 'rita@example.com',
    authorIp: '198.51.100.7',
    content: `A thoughtful remark, number ${serial}.`,
    ...extra,
  }
}
