import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

/** The shared fixtures (`../shared/fixtures`, or PRESSROOM_FIXTURES), relative to the repository root. */
export const SHARED_FIXTURES = path.resolve(process.env.PRESSROOM_FIXTURES ?? '../shared/fixtures')

/**
 * A shared fixture's path, or null when the shared folder is not there (the suite then skips what needs it).
 * In CI it must be there: a missing fixture fails the run instead of skipping.
 */
export function sharedFixture(relative: string): string | null {
  const file = path.join(SHARED_FIXTURES, relative)
  if (existsSync(file)) return file
  if (process.env.CI === 'true') throw new Error(`CI=true but the shared fixture ${file} is missing (set PRESSROOM_FIXTURES or lay out ../shared)`)
  return null
}

/** This repository's own small WXR fixtures. */
export const ownFixture = (name: string) => path.resolve('test/fixtures/wxr', name)

/** Writes `text` to a file in a fresh temporary folder; `cleanup` removes it. */
export function tempFile(name: string, text: string | Buffer): { file: string; dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pressroom-wxr-'))
  const file = path.join(dir, name)
  writeFileSync(file, text)
  return { file, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
