import { createServer } from 'node:net'
import { startServer, type RunningServer } from '../../src/main.js'
import { type DialectName, tempDataDir, testConfig } from './databases.js'

/** A port the kernel says is free right now, so the site's URL is known before it starts. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address()
      const port = typeof address === 'object' && address ? address.port : 0
      srv.close(() => resolve(port))
    })
  })
}

export interface TestServer extends RunningServer {
  dataDir: string
}

/** A real server on 127.0.0.1 over a fresh database and data folder: a brand-new site, seeded as on first start. */
export async function startTestServer(dialect: DialectName, env: Record<string, string> = {}): Promise<TestServer> {
  const { dir, cleanup } = tempDataDir()
  const port = await freePort()
  const config = await testConfig(dialect, dir, { PORT: String(port), ...env })
  const server = await startServer(config)
  return {
    ...server,
    dataDir: dir,
    close: async () => {
      await server.close()
      cleanup()
    },
  }
}

/** Cookies a response set, as `name=value` pairs ready for a Cookie header. */
export function cookiesOf(res: Response): Record<string, string> {
  const out: Record<string, string> = {}
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const eq = pair!.indexOf('=')
    out[pair!.slice(0, eq)] = pair!.slice(eq + 1)
  }
  return out
}

export const cookieHeader = (cookies: Record<string, string>) => Object.entries(cookies).map(([k, v]) => `${k}=${v}`).join('; ')
