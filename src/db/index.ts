export { openDatabase, inTransaction, type Db, type DatabaseHandle } from './database.js'
export { migrateToLatest, appliedMigrations, ping } from './migrate.js'
export type { DialectInfo } from './dialects/dialect.js'
export type * from './tables.js'
