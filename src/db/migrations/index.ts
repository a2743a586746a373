import { init } from './0001-init.js'
import type { Migration } from './migration.js'

export type { Migration }

/** Every migration, in order. A new one goes at the end; a released one is never edited. */
export const migrations: readonly Migration[] = [init]
