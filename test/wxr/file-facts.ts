import { readFileSync } from 'node:fs'

/**
 * What a WXR file holds, counted with plain regular expressions over its text: an account of the file that
 * does not go through the importer's parser, to check the import against.
 */
export function fileFacts(file: string) {
  const text = readFileSync(file, 'utf8')
  const field = (block: string, name: string) => {
    const m = new RegExp(`<wp:${name}>(?:<!\\[CDATA\\[)?([\\s\\S]*?)(?:\\]\\]>)?</wp:${name}>`).exec(block)
    return m ? m[1]!.trim() : ''
  }
  const items = text.split('<item>').slice(1).map((block) => block.slice(0, block.indexOf('</item>')))
  const byTypeAndStatus: Record<string, Record<string, number>> = {}
  const comments: Record<string, number> = {}
  const sticky: string[] = []
  const threads: { id: string; parent: string }[] = []
  /** Comments the file says a registered user wrote (a `comment_user_id` that is not 0). */
  const byUsers: { id: string; email: string }[] = []
  const pages: { id: string; parent: string; order: number }[] = []
  for (const item of items) {
    const type = field(item, 'post_type')
    let status = field(item, 'status')
    // As WordPress stores it: a scheduled post whose time has passed is published.
    const gmt = field(item, 'post_date_gmt')
    if (status === 'future' && gmt && gmt !== '0000-00-00 00:00:00' && `${gmt.replace(' ', 'T')}Z` <= new Date().toISOString()) status = 'publish'
    byTypeAndStatus[type] ??= {}
    byTypeAndStatus[type][status] = (byTypeAndStatus[type][status] ?? 0) + 1
    if (field(item, 'is_sticky') === '1') sticky.push(field(item, 'post_id'))
    if (type === 'page') pages.push({ id: field(item, 'post_id'), parent: field(item, 'post_parent'), order: Number(field(item, 'menu_order') || 0) })
    for (const c of item.split('<wp:comment>').slice(1)) {
      comments[field(c, 'comment_approved')] = (comments[field(c, 'comment_approved')] ?? 0) + 1
      if (field(c, 'comment_parent') !== '0') threads.push({ id: field(c, 'comment_id'), parent: field(c, 'comment_parent') })
      if (!['', '0'].includes(field(c, 'comment_user_id'))) byUsers.push({ id: field(c, 'comment_id'), email: field(c, 'comment_author_email') })
    }
  }
  const blocks = (tag: string) => text.split(`<wp:${tag}>`).slice(1).map((b) => b.slice(0, b.indexOf(`</wp:${tag}>`)))
  const categories = new Map(blocks('category').map((b) => [field(b, 'category_nicename'), field(b, 'category_parent')]))
  const tags = new Set(blocks('tag').map((b) => field(b, 'tag_slug')))
  const authorEmails = blocks('author').map((b) => field(b, 'author_email'))
  // Terms the items name, declared in the header or not.
  const named = (domain: string) => new Set([...text.matchAll(new RegExp(`<category domain="${domain}" nicename="([^"]*)"`, 'g'))].map((m) => m[1]!))
  const itemTerms = { category: named('category'), post_tag: named('post_tag') }
  return { items: items.length, byTypeAndStatus, comments, sticky, threads, byUsers, pages, categories, tags, itemTerms, authorEmails }
}
