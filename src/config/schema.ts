import { z } from 'zod'

const port = z.coerce.number().int().min(0).max(65535)

/** What the running process needs to know, after defaults, the config file, the environment and CLI flags. */
export const configSchema = z.object({
  port: port.default(8080),
  host: z.string().min(1).default('127.0.0.1'),
  dataDir: z.string().min(1),
  databaseUrl: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  siteUrl: z.url({ protocol: /^https?$/ }).optional(),
  pageCache: z.enum(['on', 'off']).default('on'),
  pageCacheMb: z.coerce.number().min(0.1).max(65536).default(32),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  dbPoolSize: z.coerce.number().int().min(1).max(100).default(10),
})

export type RawConfig = z.input<typeof configSchema>

export type DbConfig =
  | { readonly dialect: 'sqlite'; readonly file: string }
  | { readonly dialect: 'postgres'; readonly url: string; readonly poolSize: number }

export interface Config {
  readonly port: number
  readonly host: string
  readonly dataDir: string
  readonly db: DbConfig
  /** The public base URL, without a trailing slash. */
  readonly siteUrl: string
  readonly pageCache: boolean
  /** The most the page cache holds (bodies in every encoding, and its bookkeeping), least recently used out first. */
  readonly pageCacheBytes: number
  readonly logLevel: string
  readonly uploadsDir: string
}
