/**
 * Navigation menus as WordPress writes them: a `nav_menu` term per menu and a `nav_menu_item` item per entry,
 * with `_menu_item_*` postmeta (type, object, object id, URL, parent) and the entry's place in `menu_order`.
 * WordPress's importer, and this one, build the menus back from them.
 */
import type { MenuItem } from '../settings/definitions.js'
import { isoToGmt, isoToLocal, isoToRfc822 } from './dates.js'
import { cdata, escapeXml, meta, tag, xmlSafe } from './write.js'

/** Menus are settings here, not terms and posts: their ids in the export are made up above every real id. */
export const MENU_TERM_ID_OFFSET = 1_500_000_000
export const MENU_ITEM_ID_OFFSET = 2_000_000_000

export interface ExportedMenu {
  termId: number
  slug: string
  name: string
  items: MenuItem[]
}

/** "main-menu" → "Main menu": the name is not kept here, only the slug. */
const nameOf = (slug: string) => (slug.charAt(0).toUpperCase() + slug.slice(1)).replace(/[-_]+/g, ' ')

export function menusToExport(menus: Record<string, MenuItem[]>): ExportedMenu[] {
  return Object.entries(menus)
    .filter(([, items]) => items.length > 0)
    .map(([slug, items], i) => ({ termId: MENU_TERM_ID_OFFSET + i + 1, slug, name: nameOf(slug), items }))
}

export function menuTermXml(menu: ExportedMenu): string {
  return `\t<wp:term>\n${tag('wp:term_id', menu.termId)}${tag('wp:term_taxonomy', 'nav_menu')}${tag('wp:term_slug', menu.slug)}${tag('wp:term_name', menu.name)}\t</wp:term>\n`
}

/** What WordPress stores for each kind of entry: `_menu_item_type`, `_menu_item_object`, object id and URL. */
function target(item: MenuItem, id: number, siteUrl: string): { type: string; object: string; objectId: number; url: string } {
  const n = Number(item.target)
  switch (item.type) {
    case 'page':
      return { type: 'post_type', object: 'page', objectId: n, url: '' }
    case 'category':
      return { type: 'taxonomy', object: 'category', objectId: n, url: '' }
    case 'tag':
      return { type: 'taxonomy', object: 'post_tag', objectId: n, url: '' }
    case 'home':
      return { type: 'custom', object: 'custom', objectId: id, url: `${siteUrl}/` }
    default: {
      const url = String(item.target ?? '')
      return { type: 'custom', object: 'custom', objectId: id, url: url.startsWith('/') && !url.startsWith('//') ? siteUrl + url : url }
    }
  }
}

/**
 * The menu's entries in WordPress's order (depth first, `menu_order` counting from 1 across the menu);
 * `nextId` hands out the made-up item ids.
 */
export function menuItemsXml(menu: ExportedMenu, siteUrl: string, tz: string, nextId: () => number, now: string): string {
  let out = ''
  let order = 0
  const walk = (items: readonly MenuItem[], parentId: number) => {
    for (const item of items) {
      const id = nextId()
      order++
      const t = target(item, id, siteUrl)
      const local = isoToLocal(now, tz)
      const gmt = isoToGmt(now)
      out += `\t<item>
\t\t<title>${escapeXml(xmlSafe(item.label))}</title>
\t\t<link>${escapeXml(`${siteUrl}/?p=${id}`)}</link>
\t\t<pubDate>${isoToRfc822(now)}</pubDate>
\t\t<dc:creator>${cdata('')}</dc:creator>
\t\t<guid isPermaLink="false">${escapeXml(`${siteUrl}/?p=${id}`)}</guid>
\t\t<description></description>
\t\t<content:encoded>${cdata('')}</content:encoded>
\t\t<excerpt:encoded>${cdata('')}</excerpt:encoded>
${tag('wp:post_id', id)}${tag('wp:post_date', local)}${tag('wp:post_date_gmt', gmt)}${tag('wp:post_modified', local)}${tag('wp:post_modified_gmt', gmt)}${tag('wp:comment_status', 'closed')}${tag('wp:ping_status', 'closed')}${tag('wp:post_name', String(id))}${tag('wp:status', 'publish')}${tag('wp:post_parent', 0)}${tag('wp:menu_order', order)}${tag('wp:post_type', 'nav_menu_item')}${tag('wp:post_password', '')}${tag('wp:is_sticky', 0)}\t\t<category domain="nav_menu" nicename="${escapeXml(menu.slug)}">${cdata(xmlSafe(menu.name))}</category>
${meta('postmeta', '_menu_item_type', t.type)}${meta('postmeta', '_menu_item_menu_item_parent', String(parentId))}${meta('postmeta', '_menu_item_object_id', String(t.objectId))}${meta('postmeta', '_menu_item_object', t.object)}${meta('postmeta', '_menu_item_target', '')}${meta('postmeta', '_menu_item_classes', 'a:1:{i:0;s:0:"";}')}${meta('postmeta', '_menu_item_xfn', '')}${meta('postmeta', '_menu_item_url', t.url)}\t</item>
`
      if (item.children?.length) walk(item.children, id)
    }
  }
  walk(menu.items, 0)
  return out
}
