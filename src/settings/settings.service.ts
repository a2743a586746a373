import { type Db, inTransaction } from '../db/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, requireCapability } from '../users/index.js'
import { defaultSettings, isSettingKey, SETTING_KEYS, SETTINGS, type SettingKey, type Settings } from './definitions.js'

/**
 * Site settings, read on every page: they are cached in memory and reloaded after each write (and, across app
 * servers, when the cache is told to forget them).
 */
export function createSettingsService({ db, events = createEvents() }: { db: Db; events?: Events }) {
  let cache: Settings | null = null

  async function all(): Promise<Settings> {
    if (cache) return cache
    const rows = await db.selectFrom('settings').select(['key', 'value']).execute()
    const settings = defaultSettings() as Record<string, unknown>
    for (const { key, value } of rows) {
      if (!isSettingKey(key)) continue
      const parsed = SETTINGS[key].safeParse(JSON.parse(value))
      if (parsed.success) settings[key] = parsed.data
    }
    cache = Object.freeze(settings) as Settings
    return cache
  }

  async function get<K extends SettingKey>(key: K): Promise<Settings[K]> {
    return (await all())[key]
  }

  /** Validates and stores several settings at once; nothing is written when one is wrong. */
  async function update(changes: Partial<Record<string, unknown>>, actor: Actor): Promise<Settings> {
    requireCapability(actor, 'manage_options')
    const valid: [SettingKey, unknown][] = []
    const problems: DomainError[] = []
    for (const [key, value] of Object.entries(changes)) {
      try {
        valid.push([key as SettingKey, validate(key, value)])
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
        problems.push(err)
      }
    }
    // Every wrong value is named at once (the admin shows each next to its field); the first one speaks for all.
    if (problems.length) {
      const [first] = problems as [DomainError, ...DomainError[]]
      const errors = Object.fromEntries(problems.map((p) => [String(p.details.key), p.message]))
      throw new DomainError(first.kind, first.code, problems.map((p) => p.message).join(' '), { key: first.details.key, errors })
    }
    await inTransaction(db, async (trx) => {
      for (const [key, value] of valid) {
        const json = JSON.stringify(value)
        await trx
          .insertInto('settings')
          .values({ key, value: json })
          .onConflict((oc) => oc.column('key').doUpdateSet({ value: json }))
          .execute()
      }
    })
    cache = null
    const settings = await all()
    await events.emit({ type: 'settings.saved', keys: valid.map(([key]) => key) })
    return settings
  }

  return {
    all,
    get,
    update,
    set: (key: string, value: unknown, actor: Actor) => update({ [key]: value }, actor),
    forget: () => {
      cache = null
    },
  }
}

function validate(key: string, value: unknown): unknown {
  if (!isSettingKey(key)) throw unknownSetting(key)
  const parsed = SETTINGS[key].safeParse(value)
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ')
    throw invalid('invalid_setting', `Invalid value for ${key}: ${why}.`, { key })
  }
  return parsed.data
}

export const unknownSetting = (key: string) =>
  new DomainError('invalid', 'unknown_setting', `Unknown setting "${key}". Known settings: ${SETTING_KEYS.join(', ')}.`, { key })

/** Reads a setting typed on a command line: numbers, booleans and JSON where the setting wants them. */
export function parseSettingInput(key: string, text: string): unknown {
  if (!isSettingKey(key)) throw unknownSetting(key)
  const fallback = defaultSettings()[key]
  if (typeof fallback === 'number') return /^-?\d+(\.\d+)?$/.test(text.trim()) ? Number(text) : text
  if (typeof fallback === 'boolean') {
    const t = text.trim().toLowerCase()
    if (['1', 'true', 'yes', 'on'].includes(t)) return true
    if (['0', 'false', 'no', 'off'].includes(t)) return false
    return text
  }
  if (typeof fallback === 'object') {
    try {
      return JSON.parse(text)
    } catch (err) {
      throw invalid('invalid_setting', `Invalid value for ${key}: not JSON (${(err as Error).message}).`, { key })
    }
  }
  return text
}

export type SettingsService = ReturnType<typeof createSettingsService>
