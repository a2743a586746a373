export { loadConfig, ConfigError, ENV_NAMES, type LoadOptions } from './load.js'
export type { Config, DbConfig } from './schema.js'
