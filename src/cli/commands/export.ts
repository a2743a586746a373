import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import { type Command, Option } from 'commander'
import { POST_STATUSES } from '../../content/index.js'
import { exportWxr } from '../../wxr/index.js'
import { cliConfig, withSite } from '../context.js'
import { UsageError } from '../errors.js'
import type { CliIo } from '../io.js'
import { println } from '../output.js'

interface ExportOptions {
  out?: string
  type: 'post' | 'page' | 'all'
  status?: string
  since?: string
}

export function registerExportCommands(program: Command, io: CliIo): void {
  const command = program.command('export').description('write the site\'s content in a format another platform reads')
  command
    .command('wxr')
    .description('write a WordPress export (WXR 1.2) that WordPress\'s importer accepts')
    .option('--out <file>', 'write to this file (default: standard output)')
    .addOption(new Option('--type <type>', 'what to export').choices(['post', 'page', 'all']).default('all'))
    .option('--status <status>', `only these statuses, joined by commas (${POST_STATUSES.join(', ')})`)
    .option('--since <date>', 'only what was published on or after this date (YYYY-MM-DD or ISO 8601)')
    .action(async (opts: ExportOptions, cmd: Command) => {
      const statuses = opts.status?.split(',').map((s) => s.trim()).filter(Boolean)
      for (const s of statuses ?? []) if (!(POST_STATUSES as readonly string[]).includes(s)) throw new UsageError(`--status: unknown status "${s}" (use ${POST_STATUSES.join(', ')})`)
      const since = opts.since === undefined ? undefined : new Date(opts.since)
      if (since && Number.isNaN(since.getTime())) throw new UsageError(`--since: "${opts.since}" is not a date (use YYYY-MM-DD)`)
      const file = opts.out === undefined ? undefined : path.resolve(io.cwd, opts.out)
      const summary = await withSite(cliConfig(io, cmd), async (services) => {
        if (!file) return exportWxr(services, io.stdout, { type: opts.type, statuses, since })
        const stream = createWriteStream(file)
        const failed = once(stream, 'error').then(([err]) => { throw err })
        failed.catch(() => undefined)
        const write = async (chunk: string) => {
          if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed])
        }
        const result = await exportWxr(services, write, { type: opts.type, statuses, since })
        await Promise.race([new Promise<void>((resolve) => stream.end(resolve)), failed])
        return result
      })
      if (file) {
        println(io, `Exported ${summary.posts} posts, ${summary.pages} pages, ${summary.attachments} attachments, ${summary.comments} comments, ${summary.terms} terms, ${summary.menus} menus and ${summary.authors} authors to ${opts.out}`)
      }
    })
}
