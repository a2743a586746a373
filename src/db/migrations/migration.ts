import type { Kysely } from 'kysely'
import type { DialectInfo } from '../dialects/dialect.js'

export interface Migration {
  /** Sorts in application order, e.g. `0001-init`. */
  readonly name: string
  up(db: Kysely<any>, dialect: DialectInfo): Promise<void>
}
