import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { ConfigError, ENV_NAMES, loadConfig, type Config } from '../../src/config/index.js'
import { configSchema } from '../../src/config/schema.js'

describe('loadConfig', () => {
  let cwd: string
  beforeEach(() => {
    cwd = mkdtempSync(path.join(tmpdir(), 'pressroom-config-'))
  })
  afterEach(() => rmSync(cwd, { recursive: true, force: true }))

  const load = (env: NodeJS.ProcessEnv = {}, overrides = {}) => loadConfig({ env, cwd, overrides })
  const writeConfigFile = (content: unknown, name = 'pressroom.config.json') => {
    const file = path.join(cwd, name)
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
    return file
  }
  /** The ConfigError a load fails with. */
  const failure = (env: NodeJS.ProcessEnv = {}): ConfigError => {
    let err: unknown
    try {
      load(env)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(ConfigError)
    return err as ConfigError
  }

  test('defaults: port 8080 on 127.0.0.1, ./data resolved from the working folder, SQLite inside it', () => {
    const config = load()
    expect(config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: path.join(cwd, 'data'),
      db: { dialect: 'sqlite', file: path.join(cwd, 'data', 'pressroom.db') },
      siteUrl: 'http://127.0.0.1:8080',
      pageCache: true,
      pageCacheBytes: 32 * 1024 * 1024,
      logLevel: 'info',
      uploadsDir: path.join(cwd, 'data', 'uploads'),
    } satisfies Config)
    expect(path.isAbsolute(config.dataDir)).toBe(true)
  })

  test('the environment overrides the defaults', () => {
    const config = load({
      PORT: '3000',
      HOST: '0.0.0.0',
      PRESSROOM_DATA: 'var/site',
      PRESSROOM_PAGE_CACHE: 'off',
      PRESSROOM_PAGE_CACHE_MB: '8',
      PRESSROOM_LOG_LEVEL: 'warn',
    })
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      dataDir: path.join(cwd, 'var', 'site'),
      db: { dialect: 'sqlite', file: path.join(cwd, 'var', 'site', 'pressroom.db') },
      // a wildcard address is not a public one: the default site URL uses loopback
      siteUrl: 'http://127.0.0.1:3000',
      pageCache: false,
      pageCacheBytes: 8 * 1024 * 1024,
      logLevel: 'warn',
      uploadsDir: path.join(cwd, 'var', 'site', 'uploads'),
    })
  })

  test('an absolute data folder is kept; an empty variable counts as unset', () => {
    const abs = path.join(cwd, 'elsewhere')
    expect(load({ PRESSROOM_DATA: abs }).dataDir).toBe(abs)
    expect(load({ PORT: '' }).port).toBe(8080)
  })

  test('PRESSROOM_URL sets the site URL, without a trailing slash', () => {
    expect(load({ PRESSROOM_URL: 'https://news.example.com/' }).siteUrl).toBe('https://news.example.com')
    expect(load({ PRESSROOM_URL: 'https://example.com/blog//' }).siteUrl).toBe('https://example.com/blog')
  })

  test('an IPv6 host is bracketed in the default site URL', () => {
    expect(load({ HOST: '::1', PORT: '9000' }).siteUrl).toBe('http://[::1]:9000')
  })

  test('DATABASE_URL selects PostgreSQL, with a pool size', () => {
    const url = 'postgres://press:secret@db.internal:5432/pressroom'
    expect(load({ DATABASE_URL: url }).db).toEqual({ dialect: 'postgres', url, poolSize: 10 })
    expect(load({ DATABASE_URL: 'postgresql://db/x', PRESSROOM_DB_POOL_SIZE: '25' }).db).toEqual({ dialect: 'postgres', url: 'postgresql://db/x', poolSize: 25 })
  })

  test('pressroom.config.json in the working folder is read, and the environment wins over it', () => {
    writeConfigFile({ port: 9100, siteUrl: 'https://from-file.example', dataDir: 'file-data', logLevel: 'debug' })
    expect(load()).toMatchObject({ port: 9100, siteUrl: 'https://from-file.example', dataDir: path.join(cwd, 'file-data'), logLevel: 'debug' })
    expect(load({ PORT: '9200', PRESSROOM_URL: 'https://from-env.example' })).toMatchObject({
      port: 9200,
      siteUrl: 'https://from-env.example',
      dataDir: path.join(cwd, 'file-data'),
      logLevel: 'debug',
    })
  })

  test('command-line overrides win over the environment and the file', () => {
    writeConfigFile({ port: 9100 })
    expect(load({ PORT: '9200' }, { port: 9300, dataDir: '/srv/flag' })).toMatchObject({ port: 9300, dataDir: '/srv/flag' })
  })

  test('PRESSROOM_CONFIG names another file, which must exist', () => {
    const file = writeConfigFile({ port: 7000 }, 'custom.json')
    expect(load({ PRESSROOM_CONFIG: file }).port).toBe(7000)
    const err = failure({ PRESSROOM_CONFIG: path.join(cwd, 'missing.json') })
    expect(err.message).toContain('PRESSROOM_CONFIG')
    expect(err.message).toContain('missing.json')
  })

  describe('invalid values throw a ConfigError naming the variable or key', () => {
    test('PORT=abc', () => {
      const err = failure({ PORT: 'abc' })
      expect(err.name).toBe('ConfigError')
      expect(err.message).toMatch(/PORT: .*\(got "abc"\)/)
    })

    test('PORT out of range', () => {
      expect(failure({ PORT: '70000' }).message).toContain('PORT')
    })

    test('PRESSROOM_URL=notaurl', () => {
      expect(failure({ PRESSROOM_URL: 'notaurl' }).message).toMatch(/PRESSROOM_URL: .*\(got "notaurl"\)/)
      expect(failure({ PRESSROOM_URL: 'ftp://example.com' }).message).toContain('PRESSROOM_URL')
    })

    test('a DATABASE_URL that is not PostgreSQL', () => {
      expect(failure({ DATABASE_URL: 'mysql://db/x' }).message).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/)
    })

    test('every problem is listed at once', () => {
      const message = failure({ PORT: 'abc', PRESSROOM_URL: 'notaurl', PRESSROOM_LOG_LEVEL: 'loud' }).message
      expect(message).toContain('PORT')
      expect(message).toContain('PRESSROOM_URL')
      expect(message).toContain('PRESSROOM_LOG_LEVEL')
    })

    test('a bad value in the file names the key and the file', () => {
      const file = writeConfigFile({ port: 'eighty' })
      const err = failure()
      expect(err.message).toContain(`"port" in ${file}`)
    })

    test('an unknown key in the file', () => {
      const file = writeConfigFile({ port: 8081, prot: 8082 })
      const err = failure()
      expect(err.message).toContain('"prot"')
      expect(err.message).toContain(file)
    })

    test('bad JSON in the file', () => {
      const file = writeConfigFile('{ "port": 8081, }')
      const err = failure()
      expect(err.message).toContain(file)
      expect(err.message).toContain('not valid JSON')
    })

    test('a file that is not a JSON object', () => {
      writeConfigFile('[1, 2]')
      expect(failure().message).toContain('must hold a JSON object')
    })
  })

  test('the config object is deeply frozen', () => {
    const config = load()
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.db)).toBe(true)
    expect(() => {
      ;(config as { port: number }).port = 1
    }).toThrow(TypeError)
    expect(() => {
      ;(config.db as { file: string }).file = '/tmp/other.db'
    }).toThrow(TypeError)
    expect(config.port).toBe(8080)
  })

  test('loading reads only what it is given, not the real process environment', () => {
    const saved = process.env.PORT
    process.env.PORT = '1234'
    try {
      expect(load({}).port).toBe(8080)
    } finally {
      if (saved === undefined) delete process.env.PORT
      else process.env.PORT = saved
    }
  })
})

describe("README's configuration table", () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8')
  const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1))
  /** Rows of "| `PORT` | `port` | `8080` | meaning |" as [env, key, default]. */
  const rows = [...section.matchAll(/^\| `(\w+)` \| `(\w+)` \| (.+?) \|/gm)].map((m) => [m[1]!, m[2]!, m[3]!] as const)

  test('lists every environment variable with its config file key, and no other', () => {
    expect(rows.map(([env, key]) => [env, key]).sort()).toEqual(Object.entries(ENV_NAMES).map(([key, env]) => [env, key]).sort())
  })

  test('states the defaults the code uses', () => {
    const defaults = loadConfig({ env: {}, cwd: '/srv/site' })
    for (const [env, key, stated] of rows) {
      const literal = /^`([^`]+)`$/.exec(stated)?.[1]
      if (key === 'dataDir') expect(literal).toBe('./data')
      else if (key === 'siteUrl') expect(stated).toBe('`http://HOST:PORT`')
      else if (key === 'databaseUrl') expect(stated).toBe('—')
      else expect(literal, env).toBe(String(configSchema.shape[key as keyof typeof configSchema.shape].parse(undefined)))
    }
    expect(defaults).toMatchObject({ dataDir: '/srv/site/data', siteUrl: 'http://127.0.0.1:8080', db: { dialect: 'sqlite' } })
  })
})
