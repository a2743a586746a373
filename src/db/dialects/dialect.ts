import type { Kysely } from 'kysely'

/** What differs between the databases, as capabilities: services never ask which database they run on. */
export interface DialectInfo {
  readonly name: 'sqlite' | 'postgres'
  /** The column type of an auto-numbered primary key. */
  readonly idColumnType: 'integer' | 'serial'
  /** Serialises migrations between app servers sharing one database. */
  lockMigrations(trx: Kysely<any>): Promise<void>
  /** An online, consistent copy of the whole site into `file`, where the database can make one. */
  backup?(file: string): Promise<void>
  /** Replaces the whole database with the copy in `file`. */
  restore?(file: string): Promise<void>
}
