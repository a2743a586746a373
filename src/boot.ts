import type { Config } from './config/index.js'
import { seedNewSite } from './content/welcome.js'
import { migrateToLatest, openDatabase } from './db/index.js'
import { createServices, type Services } from './services.js'
import type { Clock } from './shared/clock.js'

export interface Site {
  services: Services
  /** True when this start created the site (an empty database was set up and seeded). */
  created: boolean
  close(): Promise<void>
}

/** Opens the database, brings the schema up to date, and seeds a site on its very first start. */
export async function openSite(config: Config, { seed = true, clock }: { seed?: boolean; clock?: Clock } = {}): Promise<Site> {
  const handle = openDatabase(config.db)
  try {
    const { applied } = await migrateToLatest(handle)
    const services = createServices({ handle, config, clock })
    const created = applied.includes('0001-init')
    if (created && seed) await seedNewSite(services)
    return {
      services,
      created,
      close: async () => {
        // The background refresh of related posts stops before its database goes away.
        await services.search.close()
        await handle.close()
      },
    }
  } catch (err) {
    await handle.close()
    throw err
  }
}
