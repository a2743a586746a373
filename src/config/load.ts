import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { configSchema, type Config, type RawConfig } from './schema.js'

/** Thrown when the configuration cannot be used; the message names every bad value and where it came from. */
export class ConfigError extends Error {
  override name = 'ConfigError'
}

type Source = Partial<Record<keyof RawConfig, unknown>>

/** The environment variable for each key of pressroom.config.json (README's configuration table lists them). */
export const ENV_NAMES: Readonly<Record<keyof RawConfig, string>> = {
  port: 'PORT',
  host: 'HOST',
  dataDir: 'PRESSROOM_DATA',
  databaseUrl: 'DATABASE_URL',
  siteUrl: 'PRESSROOM_URL',
  pageCache: 'PRESSROOM_PAGE_CACHE',
  pageCacheMb: 'PRESSROOM_PAGE_CACHE_MB',
  logLevel: 'PRESSROOM_LOG_LEVEL',
  dbPoolSize: 'PRESSROOM_DB_POOL_SIZE',
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** Command-line flags: they win over everything else. */
  overrides?: Source
}

/** Builds the one Config: defaults < pressroom.config.json < environment < command-line flags. */
export function loadConfig({ env = process.env, cwd = process.cwd(), overrides = {} }: LoadOptions = {}): Config {
  const origin = new Map<string, string>()
  const merged: Source = { dataDir: './data' }
  const file = readConfigFile(env.PRESSROOM_CONFIG ?? path.join(cwd, 'pressroom.config.json'), !!env.PRESSROOM_CONFIG)
  for (const [key, value] of Object.entries(file.values)) {
    merged[key as keyof RawConfig] = value
    origin.set(key, `"${key}" in ${file.path}`)
  }
  for (const [key, name] of Object.entries(ENV_NAMES)) {
    const value = env[name]
    if (value === undefined || value === '') continue
    merged[key as keyof RawConfig] = value
    origin.set(key, name)
  }
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue
    merged[key as keyof RawConfig] = value
    origin.set(key, `--${key === 'dataDir' ? 'data' : key}`)
  }
  const parsed = configSchema.safeParse(merged)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '')
      const where = origin.get(key) ?? ENV_NAMES[key as keyof RawConfig] ?? key
      const got = key in merged ? ` (got ${JSON.stringify(merged[key as keyof RawConfig])})` : ''
      return `${where}: ${issue.message}${got}`
    })
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`)
  }
  const raw = parsed.data
  const dataDir = path.resolve(cwd, raw.dataDir)
  const publicHost = raw.host === '0.0.0.0' || raw.host === '::' ? '127.0.0.1' : raw.host
  const siteUrl = (raw.siteUrl ?? `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${raw.port}`).replace(/\/+$/, '')
  return deepFreeze({
    port: raw.port,
    host: raw.host,
    dataDir,
    db: raw.databaseUrl
      ? { dialect: 'postgres', url: raw.databaseUrl, poolSize: raw.dbPoolSize }
      : { dialect: 'sqlite', file: path.join(dataDir, 'pressroom.db') },
    siteUrl,
    pageCache: raw.pageCache === 'on',
    pageCacheBytes: Math.round(raw.pageCacheMb * 1024 * 1024),
    logLevel: raw.logLevel,
    uploadsDir: path.join(dataDir, 'uploads'),
  })
}

function readConfigFile(file: string, required: boolean): { path: string; values: Source } {
  if (!existsSync(file)) {
    if (required) throw new ConfigError(`Invalid configuration: PRESSROOM_CONFIG: no such file ${file}`)
    return { path: file, values: {} }
  }
  let values: unknown
  try {
    values = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new ConfigError(`Invalid configuration: ${file} is not valid JSON: ${(err as Error).message}`)
  }
  if (!values || typeof values !== 'object' || Array.isArray(values)) {
    throw new ConfigError(`Invalid configuration: ${file} must hold a JSON object`)
  }
  const unknown = Object.keys(values).filter((key) => !(key in ENV_NAMES))
  if (unknown.length) {
    throw new ConfigError(`Invalid configuration: unknown key ${unknown.map((k) => `"${k}"`).join(', ')} in ${file} (known: ${Object.keys(ENV_NAMES).join(', ')})`)
  }
  return { path: file, values: values as Source }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}
