import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import type { Config } from '../../src/config/index.js'
import { DIALECTS } from '../helpers/databases.js'
import { type CliSite, cliSite, errorLine } from './cli-harness.js'

/** A stand-in for the HTTP server: it records how it was started and whether it was closed. */
function fakeServer(url = 'http://127.0.0.1:4321') {
  const state = { config: null as Config | null, closed: false }
  return {
    state,
    startServer: async (config: Config) => {
      state.config = config
      return {
        url,
        close: async () => {
          state.closed = true
        },
      }
    },
  }
}

describe.each(DIALECTS)('pressroom serve on %s', (dialect) => {
  let site: CliSite
  beforeEach(async () => {
    site = await cliSite(dialect)
  })
  afterEach(() => site.cleanup())

  test('prints the site URL and the setup URL while the site has no users, and closes the server when stopped', async () => {
    const server = fakeServer()
    let stop!: (reason: string) => void
    const stopped = new Promise<string>((resolve) => (stop = resolve))
    let stdout = ''
    const running = site.run(['serve', '--port', '0', '--host', '127.0.0.1'], {
      startServer: server.startServer,
      untilStopped: () => stopped,
      stdout: (s) => void (stdout += s),
    })
    await expect.poll(() => stdout, { timeout: 10_000 }).toContain('Press Ctrl+C to stop.')
    expect(stdout).toContain('Pressroom is running at http://127.0.0.1:4321\n')
    expect(stdout).toContain('Create the first administrator account at http://127.0.0.1:4321/admin/setup\n')
    expect(server.state.closed).toBe(false)
    expect(server.state.config).toMatchObject({ port: 0, host: '127.0.0.1', dataDir: site.dir })
    expect(server.state.config?.db.dialect).toBe(dialect)

    stop('SIGTERM')
    const result = await running
    expect(result.code).toBe(0)
    expect(server.state.closed).toBe(true)
    expect(stdout).toMatch(/Stopping \(SIGTERM\)…\nStopped\.\n$/)
  })

  test('points to /admin once the site has a user', async () => {
    await site.run(['user', 'create', '--email', 'a@example.com', '--name', 'Ann', '--role', 'administrator'])
    const server = fakeServer('http://localhost:9000')
    const result = await site.run(['serve'], { startServer: server.startServer, untilStopped: async () => 'SIGINT' })
    expect(result.code).toBe(0)
    expect(result.stdout).toContain('Admin: http://localhost:9000/admin\n')
    expect(result.stdout).not.toContain('/admin/setup')
    expect(server.state.config?.port).toBe(8080)
    expect(server.state.closed).toBe(true)
  })

  test('starts the real server, which answers until it is stopped', async () => {
    let stop!: (reason: string) => void
    const stopped = new Promise<string>((resolve) => (stop = resolve))
    let stdout = ''
    // No startServer given: the CLI loads src/main.ts as the real command does.
    const running = main(['serve', '--port', '0'], {
      env: site.env,
      cwd: site.dir,
      stdin: (async function* () {})(),
      untilStopped: () => stopped,
      stdout: (s) => void (stdout += s),
      stderr: (s) => void (stdout += s),
    })
    await expect.poll(() => stdout, { timeout: 20_000 }).toContain('Press Ctrl+C to stop.')
    const url = /^Pressroom is running at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout)?.[1]
    expect(url, stdout).toBeDefined()
    expect(url).not.toBe('http://127.0.0.1:0')
    const response = await fetch(`${url}/`)
    expect(response.status).toBeLessThan(500)
    stop('SIGINT')
    expect(await running).toBe(0)
    await expect(fetch(`${url}/`)).rejects.toThrow()
  })

  test('an invalid configuration value stops the start with one line naming it (exit 2), before any server starts', async () => {
    const server = fakeServer()
    const badEnv = await site.run(['serve'], { env: { ...site.env, PORT: 'abc' }, startServer: server.startServer })
    expect(badEnv.code).toBe(2)
    expect(badEnv.stdout).toBe('')
    expect(errorLine(badEnv)).toMatch(/^error: Invalid configuration: PORT: .*\(got "abc"\)$/)
    writeFileSync(path.join(site.dir, 'pressroom.config.json'), JSON.stringify({ siteUrl: 'not a url' }))
    const badFile = await site.run(['serve'], { startServer: server.startServer })
    expect(badFile.code).toBe(2)
    expect(errorLine(badFile)).toMatch(/^error: Invalid configuration: "siteUrl" in .*pressroom\.config\.json: .*"not a url"/)
    expect(server.state.config).toBeNull()
  })

  test('a server that cannot start exits 1 with its message; a bad port exits 2', async () => {
    const failed = await site.run(['serve'], {
      startServer: async () => {
        throw Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:8080'), { code: 'EADDRINUSE' })
      },
    })
    expect(failed.code).toBe(1)
    expect(errorLine(failed)).toBe('error: listen EADDRINUSE: address already in use 127.0.0.1:8080')

    const badPort = await site.run(['serve', '--port', 'eighty'], { startServer: fakeServer().startServer })
    expect(badPort.code).toBe(2)
    expect(errorLine(badPort)).toMatch(/^error: option '-p, --port <port>' argument 'eighty' is invalid\./)
  })
})
