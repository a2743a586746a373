import type { Command } from 'commander'
import { systemActor } from '../../users/index.js'
import { cliConfig, withSite } from '../context.js'
import { CommandFailed, UsageError } from '../errors.js'
import type { CliIo } from '../io.js'
import { printJson, println, printTable } from '../output.js'
import { parseId } from '../parsers.js'

/**
 * `pressroom search reindex|query` and `pressroom post suggest-tags`. Registered after the post commands: the
 * suggestion command joins the existing `post` group.
 */
export function registerSearchCommands(program: Command, io: CliIo): void {
  const search = program.command('search').description('the full-text index and "Read Also" related posts')

  search
    .command('reindex')
    .description('rebuild the search index from every post, then compute every "Read Also" list')
    .option('--no-related', 'leave the related posts to be computed as pages are read')
    .action(async (opts: { related: boolean }, cmd: Command) => {
      const result = await withSite(cliConfig(io, cmd), async (services) => {
        const { indexed } = await services.search.rebuild()
        const related = opts.related ? await services.search.computeStaleRelated() : 0
        await services.search.close()
        return { indexed, related }
      })
      println(io, `Indexed ${result.indexed} posts and pages${opts.related ? `; computed related posts for ${result.related} posts` : ''}.`)
    })

  search
    .command('related')
    .description('compute every "Read Also" list not computed yet (after an import), without rebuilding the index')
    .action(async (_opts: unknown, cmd: Command) => {
      const computed = await withSite(cliConfig(io, cmd), async (services) => {
        // On a terminal, how many are done so far: 100,000 lists take a while (~30 ms each).
        const started = Date.now()
        const onProgress = io.terminal
          ? (n: number) => {
              if (n % 100 === 0) io.terminal!.write(`\rcomputed ${n} lists, ${Math.round(n / Math.max((Date.now() - started) / 1000, 0.001))}/s…`)
            }
          : undefined
        const done = await services.search.computeStaleRelated({ onProgress })
        if (io.terminal && done >= 100) io.terminal.write('\n')
        await services.search.close()
        return done
      })
      println(io, `Computed related posts for ${computed} posts.`)
    })

  search
    .command('query')
    .description('search published posts and pages as a reader would, best match first')
    .argument('<words...>', 'the query: words, "phrases", -excluded words')
    // `-storm` is an excluded word of the query, not an option.
    .allowUnknownOption()
    .option('--limit <n>', 'how many results', (v) => parseId(v), 10)
    .option('--json', 'print JSON')
    .action(async (parts: string[], opts: { limit: number; json?: boolean }, cmd: Command) => {
      const typo = parts.find((p) => /^--[a-z]/i.test(p))
      // An excluded word takes one dash (-storm): two are a mistyped option.
      if (typo) throw new UsageError(`unknown option '${typo}'`)
      const found = await withSite(cliConfig(io, cmd), async (services) => {
        const result = await services.search.search({ query: parts.join(' '), perPage: Math.min(opts.limit, 100), snippets: true }, { kind: 'anonymous' })
        const links = await services.permalinks.linksFor(result.posts)
        return { ...result, links }
      })
      const rows = found.posts.map((p) => ({ id: p.id, title: p.title, link: found.links.get(p.id)!, snippet: found.snippets.get(p.id) ?? '' }))
      if (opts.json) return printJson(io, { total: found.total, capped: found.capped, results: rows })
      if (!rows.length) return println(io, 'Nothing found.')
      printTable(io, ['ID', 'TITLE', 'LINK'], rows.map((r) => [r.id, r.title, r.link]))
    })

  const post = program.commands.find((c) => c.name() === 'post')
  if (!post) throw new CommandFailed('the post commands must be registered before the search commands')
  post
    .command('suggest-tags')
    .description('suggest tags from the people, places and organisations a post names, and the site\'s own tags')
    .argument('<id>', 'post id', parseId)
    .option('--json', 'print a JSON array of {name, kind, tag_id|null}')
    .action(async (id: number, opts: { json?: boolean }, cmd: Command) => {
      const suggestions = await withSite(cliConfig(io, cmd), (services) => services.search.suggestTags(id, systemActor))
      if (opts.json) return printJson(io, suggestions)
      if (!suggestions.length) return println(io, `No tags to suggest for post ${id}.`)
      printTable(io, ['NAME', 'KIND', 'TAG'], suggestions.map((s) => [s.name, s.kind, s.tag_id ?? 'new']))
    })
}
