import type { MenuItem } from '../settings/definitions.js'
import { systemActor } from '../users/index.js'
import { type ImportContext, int, type MenuEntry, warn } from './import-context.js'
import { newMediaUrl, metaValue } from './import-media.js'
import { rewriteLinks } from './import-links.js'
import type { WxrItem } from './types.js'

/** A `nav_menu_item`: kept until every page and term it may point at is imported. */
export function collectMenuItem(ctx: ImportContext, item: WxrItem): void {
  const menu = item.terms.find((t) => t.domain === 'nav_menu')
  if (!menu) {
    ctx.summary.ignored['nav_menu_item:without menu'] = (ctx.summary.ignored['nav_menu_item:without menu'] ?? 0) + 1
    return
  }
  const meta = (key: string) => metaValue(item, key) ?? ''
  ctx.menuItems.push({
    oldId: int(item.id),
    menu: menu.slug || menu.name,
    menuName: menu.name,
    order: int(item.menuOrder),
    parentOld: int(meta('_menu_item_menu_item_parent')),
    label: item.title.trim(),
    itemType: meta('_menu_item_type'),
    object: meta('_menu_item_object'),
    objectId: int(meta('_menu_item_object_id')),
    url: meta('_menu_item_url'),
  })
}

/**
 * The imported menus as the `menus` setting holds them, by menu slug. A site whose primary menu is still
 * empty gets the first imported menu there too, so the theme shows it.
 */
export async function saveMenus(ctx: ImportContext): Promise<void> {
  if (!ctx.menuItems.length) return
  const bySlug = new Map<string, MenuEntry[]>()
  for (const entry of ctx.menuItems) bySlug.set(entry.menu, [...(bySlug.get(entry.menu) ?? []), entry])
  const current = await ctx.services.settings.get('menus')
  const menus: Record<string, MenuItem[]> = { ...current }
  let changed = false
  for (const [slug, entries] of bySlug) {
    const items = await buildTree(ctx, entries)
    if (JSON.stringify(menus[slug] ?? null) === JSON.stringify(items)) {
      ctx.summary.menus.skipped++
      continue
    }
    menus[slug] = items
    ctx.summary.menus.imported++
    changed = true
  }
  if (!menus.primary?.length) {
    const first = [...bySlug.keys()].find((slug) => menus[slug]?.length)
    if (first && first !== 'primary') {
      menus.primary = menus[first]!
      changed = true
    }
  }
  if (changed) await ctx.services.settings.update({ menus }, systemActor)
  ctx.menuItems.length = 0
}

async function buildTree(ctx: ImportContext, entries: MenuEntry[]): Promise<MenuItem[]> {
  const sorted = [...entries].sort((a, b) => a.order - b.order || a.oldId - b.oldId)
  const nodes = new Map<number, { item: MenuItem | null; entry: MenuEntry; children: MenuItem[] }>()
  for (const entry of sorted) nodes.set(entry.oldId, { item: await toMenuItem(ctx, entry), entry, children: [] })
  const roots: MenuItem[] = []
  // An item that points nowhere is dropped; its children move up to its parent.
  const placeOf = (parentOld: number, depth = 0): MenuItem[] => {
    const parent = nodes.get(parentOld)
    if (!parent || depth > 50) return roots
    return parent.item ? parent.children : placeOf(parent.entry.parentOld, depth + 1)
  }
  for (const node of nodes.values()) {
    if (node.item) placeOf(node.entry.parentOld).push(node.item)
  }
  for (const node of nodes.values()) if (node.item && node.children.length) node.item.children = node.children
  return roots
}

async function toMenuItem(ctx: ImportContext, entry: MenuEntry): Promise<MenuItem | null> {
  const { db } = ctx.services.handle
  const label = (text: string) => (entry.label || text).slice(0, 200) || 'Link'
  if (entry.itemType === 'taxonomy') {
    const id = ctx.termsByOldId.get(String(entry.objectId))
    const term = id === undefined ? undefined : await db.selectFrom('terms').select(['id', 'name', 'taxonomy']).where('id', '=', id).executeTakeFirst()
    if (!term) return dropped(ctx, entry)
    return { label: label(term.name), type: term.taxonomy === 'post_tag' ? 'tag' : 'category', target: term.id }
  }
  if (entry.itemType === 'post_type') {
    const target = ctx.postsByOldId.get(entry.objectId)
    const post = target && (await db.selectFrom('posts').selectAll().where('id', '=', target.id).executeTakeFirst())
    if (!post) {
      const media = ctx.mediaByOldId.get(entry.objectId)
      return media ? { label: label(''), type: 'url', target: media.url } : dropped(ctx, entry)
    }
    if (post.type === 'page') return { label: label(post.title), type: 'page', target: post.id }
    const path = (await ctx.services.permalinks.pathsFor([post])).get(post.id)
    return path ? { label: label(post.title), type: 'url', target: path } : dropped(ctx, entry)
  }
  if (entry.itemType === 'post_type_archive') return { label: label('Posts'), type: 'home' }
  const url = entry.url.trim()
  if (!url) return dropped(ctx, entry)
  if (ctx.oldBases.some((base) => url === base || `${url}/` === base)) return { label: label('Home'), type: 'home' }
  const rewritten = newMediaUrl(ctx, url) ?? (await rewriteLinks(ctx, `<a href="${url.replace(/"/g, '&quot;')}">`, true)).html.replace(/^<a href="|">$/g, '').replace(/&quot;/g, '"').replace(/&amp;/g, '&')
  return { label: label(url), type: 'url', target: rewritten }
}

function dropped(ctx: ImportContext, entry: MenuEntry): null {
  warn(ctx, `Menu "${entry.menuName}": the item "${entry.label || entry.oldId}" points at something not imported and was left out.`)
  return null
}
