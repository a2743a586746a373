import type { Command } from 'commander'
import { openSite, type Site } from '../boot.js'
import { loadConfig, type Config } from '../config/index.js'
import { openDatabase, type DatabaseHandle } from '../db/index.js'
import type { Services } from '../services.js'
import { startCacheInvalidation } from '../site/cache/index.js'
import type { CliIo } from './io.js'

export interface ServerOverrides {
  port?: number
  host?: string
}

/** The configuration a command runs with: the global `--data` (and `serve`'s flags) win over everything else. */
export function cliConfig(io: CliIo, cmd: Command, overrides: ServerOverrides = {}): Config {
  const { data } = cmd.optsWithGlobals<{ data?: string }>()
  return loadConfig({ env: io.env, cwd: io.cwd, overrides: { dataDir: data, ...overrides } })
}

/** Opens the site (migrated; seeded when brand new), runs `work`, and always closes it. */
export async function withSite<T>(config: Config, work: (services: Services, site: Site) => Promise<T>): Promise<T> {
  const site = await openSite(config)
  // Tell running app servers what this command changed, so their caches drop it (PostgreSQL NOTIFY).
  const invalidation = startCacheInvalidation({ events: site.services.events, dialect: site.services.handle.dialect, settings: site.services.settings, listen: false })
  try {
    return await work(site.services, site)
  } finally {
    await invalidation.close()
    await site.close()
  }
}

/** The bare database, neither migrated nor seeded (for backup and restore), always closed afterwards. */
export async function withDatabase<T>(config: Config, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const handle = openDatabase(config.db)
  try {
    return await work(handle)
  } finally {
    await handle.close()
  }
}
