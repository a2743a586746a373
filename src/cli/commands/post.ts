import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type Command, Option } from 'commander'
import { CONTENT_FORMATS, POST_STATUSES, POST_TYPES, WRITABLE_STATUSES } from '../../content/index.js'
import type { PostRow } from '../../db/index.js'
import type { Services } from '../../services.js'
import { systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import { UsageError } from '../errors.js'
import { type CliIo, readAll } from '../io.js'
import { printJson, println, printTable } from '../output.js'
import { collect, parseId } from '../parsers.js'

interface CreateOptions {
  title: string
  content?: string
  contentFile?: string
  format?: string
  status: string
  category: string[]
  tag: string[]
  author?: string
  type: string
  slug?: string
  date?: string
  json?: boolean
}

/** What `--json` prints for a post (WordPress's names for the dates). */
export const postJson = (post: PostRow, link: string) => ({
  id: post.id,
  type: post.type,
  title: post.title,
  slug: post.slug,
  status: post.status,
  link,
  date: post.published_at ?? post.created_at,
  modified: post.modified_at,
  author: post.author_id,
})

export function registerPostCommands(program: Command, io: CliIo): void {
  const post = program.command('post').description('write and manage posts and pages')

  post
    .command('create')
    .description('create a post or page from text or a file')
    .requiredOption('--title <title>', 'the headline')
    .addOption(new Option('--content <html>', 'the body').conflicts('contentFile'))
    .option('--content-file <file>', 'read the body from a file ("-" for standard input)')
    .addOption(new Option('--format <format>', 'how the body is written (default: markdown for .md files, else html)').choices(CONTENT_FORMATS))
    .option('--status <status>', `one of ${WRITABLE_STATUSES.join(', ')}`, 'draft')
    .option('--category <name>', 'a category name, slug or id (repeatable; a new name is created)', collect, [])
    .option('--tag <name>', 'a tag name, slug or id (repeatable; a new name is created)', collect, [])
    .option('--author <user>', 'the author: id, login or email (default: the first administrator)')
    .addOption(new Option('--type <type>', 'what to create').choices(POST_TYPES).default('post'))
    .option('--slug <slug>', 'the URL slug (default: from the title)')
    .option('--date <date>', 'the publication date, ISO 8601 (e.g. 2030-05-01T09:00:00Z); a future one with --status publish or future schedules it')
    .option('--json', 'print the new post as JSON')
    .action(async (opts: CreateOptions, cmd: Command) => {
      const body = await readBody(io, opts)
      const { created, link } = await withSite(cliConfig(io, cmd), async (services) => {
        const authorId = opts.author === undefined ? undefined : (await services.users.find(opts.author)).id
        const created = await services.posts.create(
          {
            type: opts.type,
            title: opts.title,
            ...body,
            status: opts.status,
            slug: opts.slug,
            publishedAt: opts.date,
            authorId,
            categories: opts.category.length ? opts.category : undefined,
            tags: opts.tag.length ? opts.tag : undefined,
          },
          systemActor,
        )
        return { created, link: await services.permalinks.linkFor(created) }
      })
      if (opts.json) return printJson(io, postJson(created, link))
      println(io, `Created ${created.type} ${created.id} (${created.status}): ${link}`)
    })

  post
    .command('list')
    .description('list posts or pages, newest first')
    .option('--status <status>', `a status, several joined by commas, or "any" for all (${POST_STATUSES.join(', ')})`, 'publish')
    .addOption(new Option('--type <type>', 'what to list').choices(POST_TYPES).default('post'))
    .option('--json', 'print JSON')
    .action(async (opts: { status: string; type: string; json?: boolean }, cmd: Command) => {
      const status = opts.status === 'any' ? [...POST_STATUSES] : opts.status.split(',').map((s) => s.trim())
      const unknown = status.find((s) => !(POST_STATUSES as readonly string[]).includes(s))
      if (unknown !== undefined) throw new UsageError(`--status: unknown status "${unknown}" (use ${POST_STATUSES.join(', ')}, several joined by commas, or any)`)
      const rows = await withSite(cliConfig(io, cmd), (services) => listAll(services, opts.type, status))
      if (opts.json) return printJson(io, rows)
      if (!rows.length) return println(io, `No ${opts.type}s.`)
      printTable(io, ['ID', 'TITLE', 'STATUS', 'DATE', 'LINK'], rows.map((p) => [p.id, p.title, p.status, p.date, p.link]))
    })

  post
    .command('publish')
    .description('publish a post or page now')
    .argument('<id>', 'post id', parseId)
    .action(async (id: number, _opts: unknown, cmd: Command) => {
      const { published, link } = await withSite(cliConfig(io, cmd), async (services) => {
        const published = await services.posts.publish(id, systemActor)
        return { published, link: await services.permalinks.linkFor(published) }
      })
      println(io, `Published ${published.type} ${published.id}: ${link}`)
    })

  post
    .command('delete')
    .description('move a post or page to the trash, or delete it for good with --force')
    .argument('<id>', 'post id', parseId)
    .option('--force', 'delete for good, with its revisions and comments, instead of trashing')
    .action(async (id: number, opts: { force?: boolean }, cmd: Command) => {
      await withSite(cliConfig(io, cmd), (services) => (opts.force ? services.posts.remove(id, systemActor) : services.posts.trash(id, systemActor)))
      println(io, opts.force ? `Deleted post ${id} for good.` : `Moved post ${id} to the trash.`)
    })
}

async function readBody(io: CliIo, opts: CreateOptions): Promise<{ content: string; format: string }> {
  const file = opts.contentFile
  if (opts.content !== undefined) return { content: opts.content, format: opts.format ?? 'html' }
  if (file === undefined) throw new UsageError('the body is missing: give it with --content TEXT or --content-file FILE')
  const format = opts.format ?? (/\.(md|markdown)$/i.test(file) ? 'markdown' : 'html')
  if (file === '-') return { content: await readAll(io.stdin), format }
  try {
    return { content: await readFile(path.resolve(io.cwd, file), 'utf8'), format }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new UsageError(`cannot read --content-file ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
  }
}

/** Every matching post, page by page (the service caps a page at 1000). */
async function listAll(services: Services, type: string, status: string[]) {
  const out: ReturnType<typeof postJson>[] = []
  for (let page = 1; ; page++) {
    const { posts, total } = await services.posts.list({ type, status, page, perPage: 1000 }, systemActor)
    const links = await services.permalinks.linksFor(posts)
    for (const p of posts) out.push(postJson(p, links.get(p.id)!))
    if (!posts.length || out.length >= total) return out
  }
}
