export { loadConfig, ConfigError, type LoadOptions } from './load.js'
export type { Config, DbConfig } from './schema.js'
