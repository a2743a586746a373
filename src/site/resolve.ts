import type { Db, PostRow } from '../db/index.js'

const TAG_PATTERNS: Record<string, string> = {
  '%year%': '(?<year>\\d{4})',
  '%monthnum%': '(?<monthnum>\\d{2})',
  '%day%': '(?<day>\\d{2})',
  '%hour%': '(?<hour>\\d{2})',
  '%minute%': '(?<minute>\\d{2})',
  '%second%': '(?<second>\\d{2})',
  '%postname%': '(?<postname>[^/]+)',
  '%post_id%': '(?<post_id>\\d+)',
  '%category%': '(?<category>.+?)',
  '%author%': '(?<author>[^/]+)',
}

const compiled = new Map<string, RegExp>()

/** A regular expression matching paths built from a permalink structure, trailing slash optional. */
export function structurePattern(structure: string): RegExp {
  let re = compiled.get(structure)
  if (!re) {
    const body = structure
      .replace(/\/+$/, '')
      .split(/(%[a-z_]+%)/)
      .map((part) => TAG_PATTERNS[part] ?? part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('')
    re = new RegExp(`^${body}/?$`)
    compiled.set(structure, re)
  }
  return re
}

export type Resolved = { kind: 'post'; post: PostRow } | { kind: 'moved'; postId: number } | null

/**
 * The post or page a path names: a post through the permalink structure (or a slug it used to have), else a
 * page through its path of slugs. The caller redirects when the canonical path differs.
 */
export async function resolvePath(db: Db, structure: string, path: string): Promise<Resolved> {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return null
  }
  const match = structurePattern(structure).exec(decoded)
  if (match?.groups) {
    const { postname, post_id: postId } = match.groups
    const post = postId
      ? await db.selectFrom('posts').selectAll().where('id', '=', Number(postId)).where('type', '=', 'post').executeTakeFirst()
      : await db.selectFrom('posts').selectAll().where('type', '=', 'post').where('slug', '=', postname!).executeTakeFirst()
    if (post) return { kind: 'post', post }
    if (postname) {
      const old = await db.selectFrom('old_slugs').select('post_id').where('type', '=', 'post').where('slug', '=', postname).executeTakeFirst()
      if (old) return { kind: 'moved', postId: old.post_id }
    }
  }
  const slugs = decoded.split('/').filter(Boolean)
  const last = slugs.at(-1)
  if (!last) return null
  const page = await db.selectFrom('posts').selectAll().where('type', '=', 'page').where('slug', '=', last).executeTakeFirst()
  if (page) return { kind: 'post', post: page }
  // A link from before the permalink structure changed (or from another site's structure): like WordPress's
  // redirect_guess_404_permalink, a published post whose slug is the last part of the path is where it meant to go.
  const guess = await db.selectFrom('posts').select('id').where('type', '=', 'post').where('status', '=', 'publish').where('slug', '=', last).executeTakeFirst()
  if (guess) return { kind: 'moved', postId: guess.id }
  return null
}
