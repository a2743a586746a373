import type { Config } from '../config/index.js'
import type { RunningServer } from '../main.js'

/** The world a command talks to. `main` fills it from the real process; tests pass their own. */
export interface CliIo {
  env: NodeJS.ProcessEnv
  cwd: string
  stdout: (s: string) => void
  stderr: (s: string) => void
  /** Standard error when it is a terminal, for drawings such as progress bars; null when it is not. */
  terminal: NodeJS.WritableStream | null
  stdin: AsyncIterable<string | Uint8Array>
  /** Resolves (with the reason) when `serve` should stop: SIGINT or SIGTERM for the real process. */
  untilStopped: () => Promise<string>
  /** Starts the HTTP server: `startServer` from src/main.ts unless a test substitutes one. */
  startServer: (config: Config) => Promise<CliServer>
}

/** What `serve` needs of a running server. */
export type CliServer = Pick<RunningServer, 'url' | 'close'>

export type CliOptions = Partial<CliIo>

export function processIo(options: CliOptions): CliIo {
  return {
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
    stdout: options.stdout ?? stdoutWriter(),
    stderr: options.stderr ?? ((s) => void process.stderr.write(s)),
    terminal: options.terminal !== undefined ? options.terminal : process.stderr.isTTY ? process.stderr : null,
    stdin: options.stdin ?? process.stdin,
    untilStopped: options.untilStopped ?? untilSignal,
    // Loaded on demand, so that commands other than `serve` do not load the web stack.
    startServer: options.startServer ?? (async (config) => (await import('../main.js')).startServer(config)),
  }
}

/** Writes to the real stdout, and stops quietly when the reader goes away (`pressroom post list | head`). */
function stdoutWriter(): (s: string) => void {
  let closed = false
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
    closed = true
  })
  return (s) => {
    if (!closed) process.stdout.write(s)
  }
}

function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop)
      process.off('SIGTERM', stop)
      resolve(signal)
    }
    process.on('SIGINT', stop)
    process.on('SIGTERM', stop)
  })
}

export async function readAll(input: AsyncIterable<string | Uint8Array>): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}
