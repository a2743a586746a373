import nodemailer from 'nodemailer'
import type { CommentRow, Db } from '../db/index.js'
import type { Settings, SettingsService } from '../settings/index.js'
import type { ContentEvent } from '../shared/events.js'
import { ROLE_CAPABILITIES, isRole } from '../users/index.js'
import { commentText } from './comment-html.js'
import { createCommentsRepo } from './comments.repo.js'

export interface Mail {
  from: string
  to: string[]
  subject: string
  text: string
}

/** Sends mail; SMTP through nodemailer unless a test gives another. */
export interface Mailer {
  send(mail: Mail): Promise<void>
  close(): void
}

export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url)
  return {
    send: async (mail) => {
      await transport.sendMail(mail)
    },
    close: () => transport.close(),
  }
}

export interface NotifierDeps {
  db: Db
  settings: SettingsService
  siteUrl: string
  /** The public address of a post. */
  linkFor(postId: number): Promise<string>
  /** The mailer for an SMTP URL (cached here while the URL stays the same). */
  mailerFor?: (url: string) => Mailer
  onError?: (err: unknown) => void
}

/**
 * Mail about comments, as WordPress sends it: the post's author hears of each new approved comment on their post
 * (`comments_notify`), and the site's moderators (`admin_email`, and the post's author when they may moderate it)
 * of each comment held for them (`moderation_notify`). Nothing is sent until `mail_smtp_url` names a server.
 * The approve, spam and trash links lead to a page where a signed-in moderator confirms.
 */
export function createCommentNotifier({ db, settings, siteUrl, linkFor, mailerFor = smtpMailer, onError = () => {} }: NotifierDeps) {
  const repo = createCommentsRepo(db)
  let mailer: { url: string; mailer: Mailer } | null = null
  const pending = new Set<Promise<void>>()

  function mailerOf(url: string): Mailer {
    if (mailer?.url !== url) {
      mailer?.mailer.close()
      mailer = { url, mailer: mailerFor(url) }
    }
    return mailer.mailer
  }

  async function notify(comment: CommentRow, previous: CommentRow | null): Promise<void> {
    const all = await settings.all()
    if (!all.mail_smtp_url) return
    const isNew = previous === null
    const approvedNow = comment.status === 'approved' && (isNew || previous.status === 'pending')
    const heldNow = isNew && comment.status === 'pending'
    if (!(approvedNow && all.comments_notify) && !(heldNow && all.moderation_notify)) return
    const post = await repo.findPostAuthor(comment.post_id)
    if (!post) return
    const { author } = post
    const authorModerates = !!author && isRole(author.role) && ROLE_CAPABILITIES[author.role].has('edit_published_posts')
    const to = new Set<string>()
    // Nobody is told of their own comment.
    const own = (email: string) => email.toLowerCase() === comment.author_email.toLowerCase() || (author !== undefined && comment.user_id === author.id)
    if (approvedNow && author?.email && !own(author.email)) to.add(author.email)
    if (heldNow) {
      if (all.admin_email) to.add(all.admin_email)
      if (author?.email && authorModerates && !own(author.email)) to.add(author.email)
    }
    if (!to.size) return
    const link = await linkFor(post.id)
    await mailerOf(all.mail_smtp_url).send({
      from: `"${all.title.replace(/["\\\r\n]/g, '')}" <${all.mail_from || `pressroom@${new URL(siteUrl).hostname}`}>`,
      to: [...to],
      subject: heldNow ? `[${all.title}] Please moderate: "${post.title}"` : `[${all.title}] Comment: "${post.title}"`,
      text: mailText(comment, post.title, link, siteUrl, heldNow, all),
    })
  }

  return {
    /** The event listener: mail goes out in the background, never slowing or failing the write. */
    listener(event: ContentEvent): void {
      if (event.type !== 'comment.saved') return
      const sending = notify(event.comment, event.previous).catch(onError)
      pending.add(sending)
      void sending.finally(() => pending.delete(sending))
    },
    /** Settles when every mail started so far has been sent (or has failed). */
    idle: async () => {
      while (pending.size) await Promise.all([...pending])
    },
    close: async () => {
      while (pending.size) await Promise.all([...pending])
      mailer?.mailer.close()
      mailer = null
    },
  }
}

function mailText(c: CommentRow, title: string, link: string, siteUrl: string, held: boolean, all: Settings): string {
  const action = (name: string) => `${siteUrl}/wp-admin/comment.php?action=${name}&c=${c.id}`
  const lines = [
    held ? `A new comment on the post "${title}" is waiting for your approval.` : `New comment on your post "${title}".`,
    link,
    '',
    `Author: ${c.author_name || 'Anonymous'}${c.author_ip ? ` (IP address: ${c.author_ip})` : ''}`,
    `Email: ${c.author_email || '-'}`,
    `URL: ${c.author_url || '-'}`,
    'Comment:',
    commentText(c.content_html),
    '',
  ]
  if (held && c.moderation_reason) lines.push(`Why it waits: ${c.moderation_reason}`, '')
  if (held) lines.push(`Approve it: ${action('approve')}`)
  lines.push(`Trash it: ${action('trash')}`, `Spam it: ${action('spam')}`)
  if (!held) lines.push(`You can see all comments on this post here: ${link}#comments`)
  lines.push('', `(Sign in as a moderator of ${all.title} to use these links.)`)
  return lines.join('\n')
}

export type CommentNotifier = ReturnType<typeof createCommentNotifier>
