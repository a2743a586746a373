import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import cliProgress from 'cli-progress'
import type { Command } from 'commander'
import { isDomainError } from '../../shared/errors.js'
import { tuneHeapForImport, type ImportProgress, type ImportSummary, importWxr, WxrImportError, WxrSyntaxError } from '../../wxr/index.js'
import { cliConfig, withSite } from '../context.js'
import { CommandFailed, UsageError } from '../errors.js'
import type { CliIo } from '../io.js'
import { printJson, println } from '../output.js'

interface ImportOptions {
  uploads?: string
  authors?: string
  dryRun?: boolean
  json?: boolean
}

export function registerImportCommands(program: Command, io: CliIo): void {
  const command = program.command('import').description('bring content in from another platform')
  command
    .command('wxr')
    .description('import a WordPress export (WXR 1.0–1.2): authors, terms, posts, pages, media, comments, menus')
    .argument('<file>', 'the .xml file WordPress exported (Tools → Export)')
    .option('--uploads <dir>', 'a copy of the old site\'s wp-content/uploads, to take the media files from')
    .option('--authors <map.json>', 'a JSON object mapping old logins to existing users (id, login or email)')
    .option('--dry-run', 'do everything, report it, and change nothing')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: ImportOptions, cmd: Command) => {
      const source = await existing(io, file, 'file')
      const uploadsDir = opts.uploads === undefined ? undefined : await existing(io, opts.uploads, 'directory')
      const authorMap = opts.authors === undefined ? undefined : await readAuthorMap(io, opts.authors)
      const summary = await withSite(cliConfig(io, cmd), async (services) => {
        for (const [login, ref] of Object.entries(authorMap ?? {})) {
          await services.users.find(ref).catch((err: unknown) => {
            throw isDomainError(err) ? new UsageError(`--authors: "${login}" maps to "${ref}", and there is no such user`) : err
          })
        }
        const progress = createProgress(io)
        tuneHeapForImport()
        try {
          return await importWxr(services, source, { uploadsDir, authorMap, dryRun: opts.dryRun, onProgress: progress.update })
        } catch (err) {
          if (err instanceof WxrSyntaxError) throw new UsageError(`${path.basename(source)}: ${err.message}; nothing was imported`)
          if (err instanceof WxrImportError) throw new CommandFailed(`${err.message}; nothing was imported`)
          throw err
        } finally {
          progress.stop()
        }
      })
      if (opts.json) return printJson(io, summary)
      printSummary(io, summary)
    })
}

async function existing(io: CliIo, file: string, kind: 'file' | 'directory'): Promise<string> {
  const full = path.resolve(io.cwd, file)
  const info = await stat(full).catch(() => null)
  if (!info) throw new UsageError(`${file}: no such ${kind}`)
  if (kind === 'file' ? !info.isFile() : !info.isDirectory()) throw new UsageError(`${file} is not a ${kind}`)
  return full
}

async function readAuthorMap(io: CliIo, file: string): Promise<Record<string, string>> {
  const text = await readFile(await existing(io, file, 'file'), 'utf8')
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new UsageError(`--authors ${file} is not JSON: ${(err as Error).message}`)
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--authors ${file} must hold an object like {"oldlogin": "newlogin"}`)
  const out: Record<string, string> = {}
  for (const [login, ref] of Object.entries(value)) {
    if (typeof ref !== 'string' && typeof ref !== 'number') throw new UsageError(`--authors: the user for "${login}" must be an id, login or email`)
    out[login] = String(ref)
  }
  return out
}

/**
 * A bar on a terminal (items, items/s, ETA), started again for each reading of the file; a plain line per
 * thousand items anywhere else. Both on standard error.
 */
function createProgress(io: CliIo): { update: (p: ImportProgress) => void; stop: () => void } {
  const terminal = io.terminal
  if (terminal) {
    const bar = new cliProgress.SingleBar(
      { format: '{phase} [{bar}] {value}/{total} items | {speed} items/s | ETA {eta_formatted}', stream: terminal, hideCursor: true },
      cliProgress.Presets.shades_classic,
    )
    let phase = ''
    let known = 0
    let t0 = 0
    return {
      update: (p) => {
        if (p.phase !== phase) {
          if (phase) bar.stop()
          phase = p.phase
          t0 = Date.now()
          // The first reading of a file read twice does not know the total: the count made before, if any.
          bar.start(p.total || known, 0, { phase: p.phase === 'scan' ? 'reading' : 'importing', speed: 0 })
        }
        if (p.total) known = p.total
        if (p.done % 50 === 0 || p.done === p.total) {
          bar.setTotal(Math.max(p.total || known, p.done))
          bar.update(p.done, { speed: Math.round(p.done / Math.max((Date.now() - t0) / 1000, 0.001)) })
        }
      },
      stop: () => {
        if (phase) bar.stop()
      },
    }
  }
  return {
    update: (p) => {
      if (p.done % 1000 === 0 && p.done > 0) io.stderr(p.phase === 'scan' ? `read ${p.done} items\n` : `imported ${p.done}/${p.total} items\n`)
    },
    stop: () => undefined,
  }
}

function printSummary(io: CliIo, s: ImportSummary): void {
  println(io, `${s.dryRun ? 'Dry run (nothing was changed): ' : ''}WXR ${s.wxrVersion} from ${s.source || 'an unnamed site'}, ${s.seconds}s`)
  println(io, `${'what'.padEnd(12)}imported  skipped  failed`)
  for (const key of ['authors', 'terms', 'posts', 'pages', 'attachments', 'comments', 'menus'] as const) {
    const c = s[key]
    println(io, `${key.padEnd(12)}${String(c.imported).padStart(8)}  ${String(c.skipped).padStart(7)}  ${String(c.failed).padStart(6)}`)
  }
  const ignored = Object.entries(s.ignored)
  if (ignored.length) println(io, `not imported (no place for them here): ${ignored.map(([k, n]) => `${k} ×${n}`).join(', ')}`)
  if (s.missingFiles.length) println(io, `missing files: ${s.missingFiles.length} attachments are recorded by their original URL (give --uploads DIR to bring the files)`)
  for (const w of s.warnings) println(io, `warning: ${w}`)
  if (!s.dryRun && s.posts.imported > 0) println(io, 'Read Also lists are computed as each post is first read; `pressroom search related` computes them all now.')
}
