import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { SERVER_V8_FLAGS, serverV8Flags } from '../../src/cli/v8-flags.js'
import { tempDataDir } from '../helpers/databases.js'

const ROOT = path.resolve(import.meta.dirname, '../..')

describe('the V8 flags of pressroom serve', () => {
  test('are set for serve only, wherever the global --data option is', () => {
    expect(serverV8Flags(['serve'], [])).toEqual(SERVER_V8_FLAGS)
    expect(serverV8Flags(['--data', 'site', 'serve', '--port', '8080'], [])).toEqual(SERVER_V8_FLAGS)
    expect(serverV8Flags(['--data=site', 'serve'], [])).toEqual(SERVER_V8_FLAGS)
    expect(serverV8Flags(['--data', 'serve', 'migrate'], [])).toEqual([])
    expect(serverV8Flags(['import', 'wxr', 'serve.xml'], [])).toEqual([])
    expect(serverV8Flags(['post', 'list', '--search', 'serve'], [])).toEqual([])
    expect(serverV8Flags([], [])).toEqual([])
  })

  test('leave alone what the operator set in node\'s arguments or NODE_OPTIONS', () => {
    expect(serverV8Flags(['serve'], ['--heap-growing-percent=20'])).toEqual(['--semi-space-growth-factor=1'])
    expect(serverV8Flags(['serve'], [], '--max-old-space-size=512 --heap_growing_percent=30')).toEqual(['--semi-space-growth-factor=1'])
    // Any young-generation setting: the operator sized it.
    expect(serverV8Flags(['serve'], ['--max-semi-space-size=8'])).toEqual(['--heap-growing-percent=50'])
    expect(serverV8Flags(['serve'], [], '--min-semi-space-size=2')).toEqual(['--heap-growing-percent=50'])
    expect(serverV8Flags(['serve'], ['--max-old-space-size=512'])).toEqual(SERVER_V8_FLAGS)
  })
})

/** Prints the young generation's size when the process ends (the server stops cleanly on SIGTERM). */
const REPORT_NEW_SPACE = `data:text/javascript,${encodeURIComponent(
  "import v8 from 'node:v8'; process.on('exit', () => process.stderr.write('new_space=' + v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size + '\\n'))",
)}`

async function newSpaceAfterServing(env: Record<string, string>, nodeArgs: string[] = []): Promise<number> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', REPORT_NEW_SPACE, path.join(ROOT, 'bin/pressroom.js'), 'serve', '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...env, NODE_ENV: 'production', PRESSROOM_LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', (c: Buffer) => (stderr += c))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      stdout += c
      const running = /running at (http:\/\/\S+)/.exec(stdout)
      if (running) resolve(running[1]!)
    })
    void exited.then(() => reject(new Error(`the server exited: ${stderr}`)))
  })
  for (let i = 0; i < 20; i++) for (const page of ['/', '/feed/', '/wp-json/wp/v2/posts']) await (await fetch(url + page)).arrayBuffer()
  child.kill('SIGTERM')
  expect(await exited).toBe(0)
  const size = /new_space=(\d+)/.exec(stderr)
  if (!size) throw new Error(`no new_space line: ${stderr}`)
  return Number(size[1])
}

// bin/pressroom.js runs the build: `npm run build` first.
describe.runIf(existsSync(path.join(ROOT, 'dist/cli/v8-flags.js')))('bin/pressroom.js serve', () => {
  const data = tempDataDir()
  afterAll(() => data.cleanup())

  test('keeps the young generation at its initial size (V8 grows it to 32 MB while the modules load)', async () => {
    const env = { PRESSROOM_DATA: data.dir }
    expect(await newSpaceAfterServing(env)).toBeLessThanOrEqual(4 * 1024 * 1024)
    // The same server with the operator's own setting: V8's default growth, not ours.
    expect(await newSpaceAfterServing(env, ['--semi-space-growth-factor=2'])).toBeGreaterThan(8 * 1024 * 1024)
  }, 60_000)
})
