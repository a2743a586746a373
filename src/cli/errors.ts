import { CommanderError } from 'commander'
import { ConfigError } from '../config/index.js'
import { isDomainError } from '../shared/errors.js'
import type { CliIo } from './io.js'

/** Exit codes: 0 done, 1 it failed, 2 it was asked wrongly (arguments, values, configuration). */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const

/** Something the user typed that commander cannot check by itself (a missing file, two exclusive inputs). */
export class UsageError extends Error {
  override name = 'UsageError'
}

/** A command that cannot do what was asked here, for a reason that is not a bug (a backup on PostgreSQL). */
export class CommandFailed extends Error {
  override name = 'CommandFailed'
}

/** Prints one `error:` line for an error and returns the exit code; commander has already printed its own. */
export function reportError(err: unknown, io: CliIo): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.ok : EXIT.usage
  const say = (message: string) => io.stderr(`error: ${oneLine(message)}\n`)
  if (isDomainError(err)) {
    say(err.message)
    return err.kind === 'invalid' ? EXIT.usage : EXIT.failed
  }
  if (err instanceof ConfigError || err instanceof UsageError) {
    say(err.message)
    return EXIT.usage
  }
  say(messageOf(err))
  return EXIT.failed
}

export const oneLine = (text: string) => text.trim().replace(/\s*\n\s*/g, ' ')

function messageOf(err: unknown): string {
  if (err instanceof AggregateError && !err.message && err.errors.length) return messageOf(err.errors[0])
  if (err instanceof Error) return err.message || (err as NodeJS.ErrnoException).code || err.name
  return String(err)
}
