import type { Command } from 'commander'
import { appliedMigrations } from '../../db/index.js'
import { cliConfig, withDatabase, withSite } from '../context.js'
import type { CliIo } from '../io.js'
import { println } from '../output.js'

export function registerMigrateCommand(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description('apply pending database migrations (a brand-new site is also set up)')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = cliConfig(io, cmd)
      // A database without the bookkeeping table has had nothing applied yet.
      const before = await withDatabase(config, (handle) => appliedMigrations(handle).catch(() => [] as string[]))
      // Opening the site migrates it exactly as the server does, seeding a brand-new one.
      const { after, created } = await withSite(config, async (services, site) => ({ after: await appliedMigrations(services.handle), created: site.created }))
      const applied = after.filter((name) => !before.includes(name))
      if (!applied.length) {
        println(io, 'Database is up to date.')
        return
      }
      for (const name of applied) println(io, `Applied ${name}`)
      if (created) println(io, `Set up a new site in ${config.dataDir}.`)
    })
}
