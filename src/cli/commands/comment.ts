import { type Command, Option } from 'commander'
import { COMMENT_STATUSES, commentText, type ModerationAction } from '../../comments/index.js'
import type { CommentRow } from '../../db/index.js'
import type { Services } from '../../services.js'
import { systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { printJson, println, printTable } from '../output.js'
import { parseId } from '../parsers.js'

/** What `comment list --json` prints for a comment (WordPress's REST names; the operator sees the email and IP). */
export const commentJson = (c: CommentRow) => ({
  id: c.id,
  post: c.post_id,
  parent: c.parent_id ?? 0,
  status: c.status,
  author: c.user_id ?? 0,
  author_name: c.author_name,
  author_email: c.author_email,
  author_url: c.author_url,
  author_ip: c.author_ip,
  date: c.created_at,
  content: commentText(c.content_html || c.content),
  moderation_reason: c.moderation_reason,
})

/** The moderation subcommands: the same domain operation as the admin's buttons, on one or more ids at once. */
const ACTIONS: [ModerationAction, string, string][] = [
  ['approve', 'approve comments (they show on the site)', 'Approved'],
  ['unapprove', 'send comments back to the moderation queue', 'Unapproved'],
  ['spam', 'mark comments as spam', 'Marked as spam'],
  ['unspam', 'take comments out of spam, back to where they were', 'Restored from spam'],
  ['trash', 'move comments to the trash', 'Trashed'],
  ['restore', 'take comments out of the trash, back to where they were', 'Restored from the trash'],
  ['delete', 'delete comments for good (their replies move up a level)', 'Deleted'],
]

export function registerCommentCommands(program: Command, io: CliIo): void {
  const comment = program.command('comment').description('list and moderate comments')

  comment
    .command('list')
    .description('list comments, newest first')
    .addOption(new Option('--status <status>', 'only comments with this status').choices([...COMMENT_STATUSES, 'all']).default('all'))
    .option('--post <id>', 'only comments on this post', parseId)
    .option('--search <text>', 'only comments whose text, name or email contain this')
    .option('--json', 'print JSON')
    .action(async (opts: { status: string; post?: number; search?: string; json?: boolean }, cmd: Command) => {
      const rows = await withSite(cliConfig(io, cmd), (services) => listAll(services, opts))
      if (opts.json) return printJson(io, rows.map(commentJson))
      if (!rows.length) return println(io, 'No comments.')
      printTable(io, ['ID', 'POST', 'PARENT', 'STATUS', 'AUTHOR', 'DATE', 'COMMENT'], rows.map((c) => [c.id, c.post_id, c.parent_id ?? '', c.status, c.author_name, c.created_at, commentText(c.content_html || c.content)]))
    })

  for (const [action, description, done] of ACTIONS) {
    comment
      .command(action)
      .description(`${description}: all of them or, if one cannot be, none`)
      .argument('<ids...>', 'comment ids', (value: string, previous: number[] = []) => [...previous, parseId(value)])
      .action(async (ids: number[], _opts: unknown, cmd: Command) => {
        const unique = [...new Set(ids)]
        await withSite(cliConfig(io, cmd), (services) => services.comments.moderate(unique, action, systemActor))
        println(io, `${done}: ${unique.map((id) => `comment ${id}`).join(', ')}.`)
      })
  }
}

async function listAll(services: Services, opts: { status: string; post?: number; search?: string }): Promise<CommentRow[]> {
  const out: CommentRow[] = []
  const query = { status: opts.status === 'all' ? undefined : opts.status, postId: opts.post, search: opts.search }
  for (let offset = 0; ; offset += 1000) {
    const page = await services.comments.list({ ...query, limit: 1000, offset }, systemActor)
    out.push(...page)
    if (page.length < 1000) return out
  }
}
