import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { SERVER_NODE_OPTIONS, SERVER_V8_FLAGS, serverV8Flags } from '../../src/cli/v8-flags.js'
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

  test('npm start gives node the server\'s start-up options, which V8 reads only then', () => {
    const start = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.start!
    expect(SERVER_NODE_OPTIONS.length).toBeGreaterThan(0)
    expect(start).toContain(`node ${SERVER_NODE_OPTIONS.join(' ')} bin/pressroom.js serve`)
  })

  test('leave alone what the operator set in node\'s arguments or NODE_OPTIONS', () => {
    expect(serverV8Flags(['serve'], ['--heap-growing-percent=20'])).toEqual([])
    expect(serverV8Flags(['serve'], [], '--max-old-space-size=512 --heap_growing_percent=30')).toEqual([])
    expect(serverV8Flags(['serve'], ['--max-old-space-size=512'])).toEqual(SERVER_V8_FLAGS)
  })
})

/** The old generation's growth factors V8 chose (`--trace-gc-verbose` prints each new limit) while serving pages. */
async function growthFactors(env: Record<string, string>, nodeArgs: string[] = []): Promise<number[]> {
  const child = spawn(process.execPath, [...nodeArgs, '--trace-gc-verbose', path.join(ROOT, 'bin/pressroom.js'), 'serve', '--port', '0'], {
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
  return [...stdout.matchAll(/\[HeapController\] Limit: .*\(([\d.]+)\)/g)].map((m) => Number(m[1]))
}

// bin/pressroom.js runs the build: `npm run build` first.
describe.runIf(existsSync(path.join(ROOT, 'dist/cli/v8-flags.js')))('bin/pressroom.js serve', () => {
  const data = tempDataDir()
  afterAll(() => data.cleanup())

  test('lets the old generation grow by half of what survived, not V8\'s default of up to 4 times', async () => {
    const env = { PRESSROOM_DATA: data.dir }
    const ours = await growthFactors(env)
    expect(ours.length).toBeGreaterThan(0)
    expect(new Set(ours)).toEqual(new Set([1.5]))
    // The operator's own setting wins.
    expect(new Set(await growthFactors(env, ['--heap-growing-percent=100']))).toEqual(new Set([2]))
  }, 60_000)
})
