import type { FastifyPluginAsync } from 'fastify'
import type { Services } from '../services.js'
import { type MenuItem, SETTING_KEYS, SETTINGS, type SettingKey } from '../settings/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import { THEMES_DIR } from '../site/render.js'
import { listThemeInfo } from '../site/theme/theme-info.js'
import { systemActor } from '../users/index.js'
import type { AdminGuard } from './admin-guard.js'
import { privateJson } from './admin-guard.js'

/** Settings the admin screens edit; the mail server's URL (it may hold a password) stays with the CLI. */
const ADMIN_KEYS = SETTING_KEYS.filter((key) => key !== 'mail_smtp_url' && key !== 'mail_from')
const isAdminKey = (key: string): key is SettingKey => (ADMIN_KEYS as string[]).includes(key)

const MAX_MENU_DEPTH = 5

/** An error next to one field: `data.errors[key]` is what the admin shows under it. */
const fieldError = (code: string, key: string, message: string) => invalid(code, message, { key, errors: { [key]: message } })

/**
 * The settings screens' endpoints, for what WordPress's `/wp/v2/settings` does not carry: reading and
 * discussion rules, permalinks, the theme and the menus. Administrators only (`manage_options`), session + nonce;
 * the settings service checks the capability again and writes everything or nothing.
 */
export const settingsRoutes: FastifyPluginAsync<{ services: Services; guard: AdminGuard; themesDir?: string }> = async (app, { services, guard, themesDir = THEMES_DIR }) => {
  const { settings, posts, permalinks, terms } = services

  async function view() {
    const all = await settings.all()
    return {
      settings: Object.fromEntries(ADMIN_KEYS.map((key) => [key, all[key]])),
      site_url: services.config.siteUrl,
    }
  }

  app.get('/settings', async (req, reply) => {
    await guard.signedIn(req, 'manage_options')
    return privateJson(reply).send(await view())
  })

  app.post('/settings', async (req, reply) => {
    const { actor } = await guard.signedIn(req, 'manage_options')
    const body = req.body
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw invalid('invalid_body', 'Send the settings to change as a JSON object.')
    const changes = body as Record<string, unknown>
    const unknown = Object.keys(changes).filter((key) => !isAdminKey(key))
    if (unknown.length) {
      throw new DomainError('invalid', 'unknown_setting', `Unknown setting${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}.`, { key: unknown[0] })
    }
    if ('theme' in changes) checkTheme(changes.theme)
    if ('menus' in changes) await checkMenus(changes.menus)
    if (changes.show_on_front === 'page') await checkFrontPage(changes.page_on_front ?? (await settings.get('page_on_front')))
    await settings.update(changes, actor)
    return privateJson(reply).send(await view())
  })

  /** The installed themes (`src/themes/*`), with the active one. */
  app.get('/themes', async (req, reply) => {
    await guard.signedIn(req, 'manage_options')
    return privateJson(reply).send({ active: await settings.get('theme'), themes: listThemeInfo(themesDir) })
  })

  /** Where the newest published post would live under a structure not saved yet: the permalinks screen's preview. */
  app.get('/permalink-preview', async (req, reply) => {
    await guard.signedIn(req, 'manage_options')
    const structure = String((req.query as { structure?: unknown }).structure ?? '')
    const parsed = SETTINGS.permalink_structure.safeParse(structure)
    if (!parsed.success) throw fieldError('invalid_setting', 'permalink_structure', `Invalid value for permalink_structure: ${parsed.error.issues.map((i) => i.message).join('; ')}.`)
    const { posts: [latest] } = await posts.list({ type: 'post', status: 'publish', perPage: 1, orderBy: 'published_at', order: 'desc' }, systemActor)
    if (!latest) return privateJson(reply).send({ post: null, url: null, current: null })
    const [url, current] = await Promise.all([permalinks.linksFor([latest], { structure: parsed.data }), permalinks.linkFor(latest)])
    return privateJson(reply).send({ post: { id: latest.id, title: latest.title }, url: url.get(latest.id), current })
  })

  function checkTheme(value: unknown): void {
    const installed = listThemeInfo(themesDir).map((t) => t.name)
    if (typeof value !== 'string' || !installed.includes(value)) {
      throw fieldError('unknown_theme', 'theme', `There is no theme "${String(value)}". Installed themes: ${installed.join(', ')}.`)
    }
  }

  async function checkFrontPage(value: unknown): Promise<void> {
    const id = Number(value)
    const page = Number.isSafeInteger(id) && id > 0 ? await posts.get(id, systemActor).catch(() => null) : null
    if (!page || page.type !== 'page' || page.status !== 'publish') {
      throw fieldError('invalid_front_page', 'page_on_front', 'Choose a published page to show on the front page.')
    }
  }

  /** Menus name things that exist: published pages, categories and tags, and web addresses. */
  async function checkMenus(value: unknown): Promise<void> {
    const parsed = SETTINGS.menus.safeParse(value)
    if (!parsed.success) throw fieldError('invalid_menu', 'menus', `Invalid menu: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`)
    const walk = async (items: MenuItem[], depth: number, where: string): Promise<void> => {
      if (depth > MAX_MENU_DEPTH) throw fieldError('invalid_menu', 'menus', `Menus nest at most ${MAX_MENU_DEPTH} levels deep (${where}).`)
      for (const item of items) {
        const label = `"${item.label}" in ${where}`
        if (!item.label.trim()) throw fieldError('invalid_menu', 'menus', `Every menu item needs a label (${where}).`)
        if (item.type === 'url') {
          const target = String(item.target ?? '')
          if (!/^(https?:\/\/[^\s]+|\/[^\s]*|#[^\s]*|mailto:[^\s]+)$/i.test(target)) {
            throw fieldError('invalid_menu', 'menus', `The link ${label} needs an address starting with https://, http://, / or mailto:.`)
          }
        } else if (item.type === 'page') {
          const id = Number(item.target)
          const page = Number.isSafeInteger(id) && id > 0 ? await posts.get(id, systemActor).catch(() => null) : null
          if (!page || page.type !== 'page' || page.status !== 'publish') throw fieldError('invalid_menu', 'menus', `The page of ${label} is not a published page.`)
        } else if (item.type === 'category' || item.type === 'tag') {
          const term = await terms.get(Number(item.target)).catch(() => null)
          if (!term || term.taxonomy !== (item.type === 'tag' ? 'post_tag' : 'category')) throw fieldError('invalid_menu', 'menus', `The ${item.type} of ${label} does not exist.`)
        }
        await walk(item.children ?? [], depth + 1, where)
      }
    }
    for (const [name, items] of Object.entries(parsed.data)) {
      if (!/^[a-z0-9_-]{1,40}$/.test(name)) throw fieldError('invalid_menu', 'menus', `"${name}" is not a menu location name (lower-case letters, digits, - and _).`)
      await walk(items, 1, `the ${name} menu`)
    }
  }
}
