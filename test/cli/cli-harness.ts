import { openSite } from '../../src/boot.js'
import { type CliOptions, main } from '../../src/cli/main.js'
import { loadConfig } from '../../src/config/index.js'
import type { Services } from '../../src/services.js'
import { type DialectName, freshPostgresUrl, tempDataDir } from '../helpers/databases.js'

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

/** Runs `pressroom …` in process with the given environment and working folder, capturing what it prints (and passing it on). */
export async function runCli(argv: string[], options: CliOptions & { env: NodeJS.ProcessEnv; cwd: string }): Promise<CliResult> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, {
    stdin: (async function* () {})(),
    // Off a terminal, whatever the terminal running the tests: a test that wants one passes its own.
    terminal: null,
    untilStopped: () => Promise.reject(new Error('serve is not expected here')),
    startServer: () => Promise.reject(new Error('serve is not expected here')),
    ...options,
    stdout: (s) => {
      stdout += s
      options.stdout?.(s)
    },
    stderr: (s) => {
      stderr += s
      options.stderr?.(s)
    },
  })
  return { code, stdout, stderr }
}

export interface CliSite {
  dialect: DialectName
  /** The data folder, also the working folder the CLI runs in. */
  dir: string
  env: NodeJS.ProcessEnv
  run(argv: string[], options?: CliOptions): Promise<CliResult>
  /** Opens the same site directly, to check what the CLI did through the services. */
  inspect<T>(work: (services: Services) => Promise<T>): Promise<T>
  cleanup(): void
}

/** A temporary data folder (and, for PostgreSQL, a schema of its own) that the CLI finds through the environment. */
export async function cliSite(dialect: DialectName): Promise<CliSite> {
  const { dir, cleanup } = tempDataDir()
  const env: NodeJS.ProcessEnv = { PRESSROOM_DATA: dir, PRESSROOM_LOG_LEVEL: 'silent' }
  if (dialect === 'postgres') env.DATABASE_URL = await freshPostgresUrl()
  return {
    dialect,
    dir,
    env,
    run: (argv, options = {}) => runCli(argv, { env, cwd: dir, ...options }),
    inspect: async (work) => {
      const site = await openSite(loadConfig({ env, cwd: dir }))
      try {
        return await work(site.services)
      } finally {
        await site.close()
      }
    },
    cleanup,
  }
}

/** The one line a failed command prints. */
export function errorLine(result: CliResult): string {
  const lines = result.stderr.trimEnd().split('\n')
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${result.stderr}`)
  return lines[0]!
}
