import { execFile } from 'node:child_process'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Command } from 'commander'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { buildProgram } from '../../src/cli/main.js'
import { processIo } from '../../src/cli/io.js'
import { tempDataDir } from '../helpers/databases.js'
import { type CliResult, errorLine, runCli } from './cli-harness.js'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Every command that runs something (the leaves of the tree), as the words that name it: [['serve'], ['user', 'create'], …]. */
function leafCommands(command: Command, prefix: string[] = []): string[][] {
  const children = command.commands.filter((c) => c.name() !== 'help')
  if (!children.length) return [prefix]
  return children.flatMap((c) => leafCommands(c, [...prefix, c.name()]))
}
const LEAVES = leafCommands(buildProgram(processIo({ stdout: () => {}, stderr: () => {}, stdin: (async function* () {})() })))

describe('pressroom arguments, help and configuration errors', () => {
  let dir: string
  let cleanup: () => void
  beforeEach(() => {
    ;({ dir, cleanup } = tempDataDir())
  })
  afterEach(() => cleanup())

  const run = (argv: string[], env: NodeJS.ProcessEnv = { PRESSROOM_DATA: dir, PRESSROOM_LOG_LEVEL: 'silent' }) => runCli(argv, { env, cwd: dir })
  const expectUsageError = (result: CliResult, message: RegExp) => {
    expect(result.code).toBe(2)
    expect(result.stdout).toBe('')
    expect(errorLine(result)).toMatch(message)
  }

  test('bad arguments exit 2 with one error line', async () => {
    expectUsageError(await run(['publish']), /^error: unknown command 'publish'/)
    expectUsageError(await run(['user', 'creat']), /^error: unknown command 'creat' \(Did you mean create\?\)$/)
    expectUsageError(await run(['user', 'create', '--name', 'Ann', '--role', 'editor']), /^error: required option '--email <email>' not specified$/)
    expectUsageError(await run(['post', 'list', '--colour', 'red']), /^error: unknown option '--colour'$/)
    expectUsageError(await run(['post', 'publish', 'abc']), /^error: command-argument value 'abc' is invalid for argument 'id'/)
    expectUsageError(await run(['post', 'publish']), /^error: missing required argument 'id'$/)
    expectUsageError(await run(['setting', 'get', 'title', 'extra']), /^error: too many arguments for 'get'/)
  })

  test('--help exits 0 and lists the commands; each group lists its subcommands', async () => {
    const top = await run(['--help'])
    expect(top).toMatchObject({ code: 0, stderr: '' })
    for (const name of ['serve', 'migrate', 'user', 'app-password', 'post', 'setting', 'backup', 'restore']) {
      expect(top.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'))
    }
    expect(top.stdout).toContain('--data <dir>')
    const groups: Record<string, string[]> = {
      user: ['create', 'list', 'set-role', 'reset-password'],
      'app-password': ['create', 'list', 'revoke'],
      post: ['create', 'list', 'publish', 'delete'],
      setting: ['get', 'set', 'list'],
    }
    for (const [group, subcommands] of Object.entries(groups)) {
      const help = await run([group, '--help'])
      expect(help.code, group).toBe(0)
      for (const sub of subcommands) expect(help.stdout, `${group} ${sub}`).toMatch(new RegExp(`^  ${sub}\\b`, 'm'))
    }
    const create = await run(['post', 'create', '--help'])
    expect(create.code).toBe(0)
    for (const option of ['--title', '--content-file', '--format', '--category', '--tag', '--author', '--type', '--slug', '--json']) {
      expect(create.stdout).toContain(option)
    }
    expect((await run(['help', 'serve'])).stdout).toContain('--port <port>')
  })

  test('every command, however deep, answers --help with its usage and options, exits 0 and writes nothing', async () => {
    // The commands are all there; later issues add more, and each of them must answer --help too.
    const names = LEAVES.map((words) => words.join(' '))
    for (const name of ['serve', 'migrate', 'user create', 'user list', 'user set-role', 'user reset-password', 'app-password create',
      'post create', 'post list', 'post publish', 'post delete', 'setting get', 'setting set', 'backup', 'restore']) {
      expect(names).toContain(name)
    }
    for (const words of LEAVES) {
      const help = await run([...words, '--help'])
      expect(help.code, words.join(' ')).toBe(0)
      expect(help.stderr, words.join(' ')).toBe('')
      expect(help.stdout, words.join(' ')).toMatch(new RegExp(`^Usage: pressroom ${words.join(' ')}\\b`))
      expect(help.stdout, words.join(' ')).toContain('-h, --help')
      // and the help command of its group says the same: `pressroom help serve`, `pressroom user help create`
      const asked = [...words.slice(0, -1), 'help', words.at(-1)!]
      expect((await run(asked)).stdout, asked.join(' ')).toBe(help.stdout)
    }
    expect(readdirSync(dir)).toEqual([])
  })

  test("the README's command list names every command, and only options each command has", async () => {
    const readme = readFileSync(`${ROOT}README.md`, 'utf8')
    const section = readme.slice(readme.indexOf('## The `pressroom` command'))
    const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!
    // A usage line and its indented continuation lines: "pressroom post create --title T …\n      [--status …]"
    const entries = block.replace(/\n +(?=\S)/g, ' ').split('\n').filter((line) => line.startsWith('pressroom '))
    const documented = new Map<string, string[]>()
    for (const entry of entries) {
      const usage = entry.split(' #')[0]!
      const words: string[] = []
      for (const token of usage.split(/\s+/).slice(1)) {
        if (!/^[a-z][a-z|-]*$/.test(token)) break
        words.push(token)
      }
      const options = usage.match(/--[a-z][a-z-]*/g) ?? []
      const last = words.pop()!
      for (const name of last.split('|')) documented.set([...words, name].join(' '), options)
    }
    expect([...documented.keys()].sort()).toEqual(LEAVES.map((w) => w.join(' ')).sort())
    for (const [name, options] of documented) {
      const help = (await run([...name.split(' '), '--help'])).stdout
      for (const option of options) expect(help, `${name} ${option}`).toMatch(new RegExp(`${option}\\b`))
    }
  })

  test('every command refuses an unknown option with one error line and exit 2, before touching the data folder', async () => {
    for (const words of LEAVES) {
      const result = await run([...words, '--bogus-option'])
      expect(result.code, words.join(' ')).toBe(2)
      expect(result.stdout, words.join(' ')).toBe('')
      expect(errorLine(result), words.join(' ')).toMatch(/^error: (unknown option '--bogus-option'|required option '.+' not specified)$/)
    }
    expect(readdirSync(dir)).toEqual([])
  })

  test('no command prints the usage on stderr and exits 2; --version exits 0', async () => {
    const bare = await run([])
    expect(bare.code).toBe(2)
    expect(bare.stderr).toContain('Usage: pressroom')
    const version = await run(['--version'])
    expect(version).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) })
  })

  test('a configuration error exits 2 with its message on one line', async () => {
    writeFileSync(`${dir}/pressroom.config.json`, JSON.stringify({ port: 'eighty' }))
    const badFile = await run(['setting', 'get', 'title'])
    expect(badFile.code).toBe(2)
    expect(errorLine(badFile)).toMatch(/^error: Invalid configuration: "port" in .*pressroom\.config\.json: /)
    rmSync(`${dir}/pressroom.config.json`)
    const badUrl = await run(['user', 'list'], { PRESSROOM_DATA: dir, DATABASE_URL: 'mysql://localhost/db' })
    expect(badUrl.code).toBe(2)
    expect(errorLine(badUrl)).toMatch(/^error: Invalid configuration: DATABASE_URL: must be a postgres:\/\/ URL/)
  })

  test('--data chooses the data folder, before or after the command', async () => {
    const site = `${dir}/site`
    expect((await run(['--data', site, 'setting', 'set', 'title', 'Chosen'], {})).code).toBe(0)
    expect((await run(['setting', 'get', 'title', '--data', site], {})).stdout).toBe('Chosen\n')
    expect((await run(['setting', 'get', 'title', '--data', site], { PRESSROOM_DATA: `${dir}/elsewhere` })).stdout).toBe('Chosen\n')
    expect((await run(['setting', 'get', 'title'], { PRESSROOM_DATA: `${dir}/elsewhere` })).stdout).toBe('Pressroom\n')
  })

  test('the real process exits with code 2 on a bad argument', async () => {
    const child = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const proc = execFile(process.execPath, ['--import', 'tsx', 'src/cli/run.ts', 'post', 'publish', 'not-a-number'], {
        cwd: ROOT,
        env: { ...process.env, PRESSROOM_DATA: dir },
        timeout: 30_000,
      }, (_err, stdout, stderr) => resolve({ code: proc.exitCode, stdout, stderr }))
    })
    expect(child.code).toBe(2)
    expect(child.stdout).toBe('')
    expect(child.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^error: command-argument value 'not-a-number' is invalid for argument 'id'/)])
  })
})
