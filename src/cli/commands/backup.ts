import { existsSync, statSync } from 'node:fs'
import path from 'node:path'
import type { Command } from 'commander'
import type { Config } from '../../config/index.js'
import { migrateToLatest } from '../../db/index.js'
import { cliConfig, withDatabase } from '../context.js'
import { CommandFailed, UsageError } from '../errors.js'
import type { CliIo } from '../io.js'
import { println } from '../output.js'

const DIALECT_NAMES = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const

export function registerBackupCommands(program: Command, io: CliIo): void {
  program
    .command('backup')
    .description('copy a SQLite site\'s database into FILE while it runs (PostgreSQL: use pg_dump)')
    .argument('<file>', 'the new file to write (it must not exist yet)')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const config = cliConfig(io, cmd)
      const target = path.resolve(io.cwd, file)
      requireSite(config)
      await withDatabase(config, async ({ dialect }) => {
        if (!dialect.backup) {
          throw new CommandFailed(`backup cannot copy a ${DIALECT_NAMES[dialect.name]} database: use pg_dump instead (for example pg_dump --format=custom "$DATABASE_URL" > site.dump)`)
        }
        await dialect.backup(target)
      })
      println(io, `Backed up the site to ${target} (${Math.ceil(statSync(target).size / 1024)} KB).`)
      println(io, `Media files are not in it: copy ${config.uploadsDir} as well.`)
    })

  program
    .command('restore')
    .description('replace the site\'s database with a copy made by "backup", then migrate it (SQLite only)')
    .argument('<file>', 'a file written by "pressroom backup"')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const config = cliConfig(io, cmd)
      const source = path.resolve(io.cwd, file)
      if (!existsSync(source)) throw new UsageError(`no such file: ${source}`)
      const applied = await withDatabase(config, async (handle) => {
        const { dialect } = handle
        if (!dialect.restore) throw new CommandFailed(`restore cannot replace a ${DIALECT_NAMES[dialect.name]} database: use pg_restore or psql instead`)
        try {
          await dialect.restore(source)
        } catch (err) {
          throw new CommandFailed(`cannot restore from ${source}: ${(err as Error).message}`)
        }
        return (await migrateToLatest(handle)).applied
      })
      println(io, `Restored the site from ${source}.`)
      for (const name of applied) println(io, `Applied ${name}`)
    })
}

/** A backup of a site that was never created would be an empty file that looks like one (checked before opening creates it). */
function requireSite(config: Config): void {
  if (config.db.dialect === 'sqlite' && !existsSync(config.db.file)) throw new CommandFailed(`there is no site in ${config.dataDir} to back up`)
}
