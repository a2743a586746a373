import { mkdirSync } from 'node:fs'
import { openSite } from '../../../src/boot.js'
import { buildApp } from '../../../src/server.js'
import { serveUncached } from '../../../src/site/serve-page.js'
import { feedsRoutes } from '../../../src/site/feeds/feeds.routes.js'
import { type DialectName, tempDataDir, testConfig } from '../../helpers/databases.js'
import { freePort, type TestServer } from '../../helpers/server.js'

/**
 * A real server on 127.0.0.1 over a freshly seeded site, as `startTestServer` starts one, with the feeds plugin in
 * it: the app's own when `buildApp` registers it, else added here (uncached) so the suite runs before it is wired.
 */
export async function startFeedsTestServer(dialect: DialectName): Promise<TestServer> {
  const { dir, cleanup } = tempDataDir()
  const config = await testConfig(dialect, dir, { PORT: String(await freePort()) })
  mkdirSync(config.uploadsDir, { recursive: true })
  const site = await openSite(config)
  const app = await buildApp(site.services)
  if (!app.hasRoute({ method: 'GET', url: '/feed/' })) await app.register(feedsRoutes, { services: site.services, servePage: serveUncached })
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  return {
    url: `http://${config.host}:${port}`,
    siteUrl: config.siteUrl,
    services: site.services,
    created: site.created,
    dataDir: dir,
    close: async () => {
      await app.close()
      await site.close()
      cleanup()
    },
  }
}
