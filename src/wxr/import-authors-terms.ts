import { z } from 'zod'
import { slugify } from '../content/index.js'
import { isDomainError } from '../shared/errors.js'
import { systemActor } from '../users/index.js'
import { type ImportContext, warn } from './import-context.js'
import type { WxrAuthor, WxrTerm } from './types.js'

const emailSchema = z.email()
export const isEmail = (value: string) => emailSchema.safeParse(value.trim().toLowerCase()).success

/** A login the users module accepts, from a WordPress one (which may hold spaces and other characters). */
const cleanLogin = (login: string) => login.trim().replace(/[^\p{L}\p{N}_.@-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'author'

/**
 * The user an author's posts belong to: mapped with --authors, else an existing user with the same email or
 * login, else a new author who cannot sign in until they set a password (WordPress's importer does the same).
 */
export async function importAuthor(ctx: ImportContext, author: WxrAuthor): Promise<number> {
  const login = author.login.trim()
  const known = ctx.usersByLogin.get(login)
  if (known !== undefined) return known
  const { users } = ctx.services
  const email = author.email.trim().toLowerCase()
  const remember = async (id: number, created: boolean) => {
    ctx.usersByLogin.set(login, id)
    if (author.id) ctx.usersByOldId.set(author.id.trim(), id)
    if (email) ctx.usersByEmail.set(email, id)
    await ctx.repo.remember({ kind: 'user', source: ctx.source, old_id: login, new_id: id })
    if (created) {
      ctx.summary.authors.imported++
      ctx.repo.whenUndone(() => {
        ctx.usersByLogin.delete(login)
        if (author.id) ctx.usersByOldId.delete(author.id.trim())
        if (email) ctx.usersByEmail.delete(email)
        ctx.summary.authors.imported--
      })
    } else ctx.summary.authors.skipped++
    return id
  }
  const mapped = ctx.authorMap[login]
  if (mapped !== undefined) return remember((await users.find(mapped)).id, false)
  const legacy = await ctx.repo.find('user', ctx.source, login)
  if (legacy && (await ctx.repo.exists('users', legacy.new_id))) return remember(legacy.new_id, false)
  for (const ref of [author.email.trim(), login]) {
    if (!ref) continue
    try {
      return await remember((await users.find(ref)).id, false)
    } catch (err) {
      if (!isDomainError(err) || err.kind !== 'not_found') throw err
    }
  }
  const valid = isEmail(email)
  if (!valid && email) warn(ctx, `Author "${login}": "${author.email}" is not a valid email address; a placeholder was used.`)
  const displayName = author.displayName.trim() || [author.firstName, author.lastName].join(' ').trim() || login
  let base = cleanLogin(login)
  for (let n = 2; await loginTaken(ctx, base); n++) base = `${cleanLogin(login).slice(0, 55)}-${n}`
  const user = await users.create({ email: valid ? email : `${slugify(login) || 'author'}@imported.invalid`, login: base, displayName: displayName.slice(0, 250), role: 'author', password: null }, systemActor)
  return remember(user.id, true)
}

async function loginTaken(ctx: ImportContext, login: string): Promise<boolean> {
  try {
    await ctx.services.users.find(login)
    return true
  } catch {
    return false
  }
}

/** The user for an item's `dc:creator`, created from the login alone when the file lists no such author. */
export async function authorOf(ctx: ImportContext, login: string): Promise<number | undefined> {
  const name = login.trim()
  if (!name) return undefined
  const known = ctx.usersByLogin.get(name)
  if (known !== undefined) return known
  // Hand-edited exports carry stray characters around a listed login (">editor").
  const clean = cleanLogin(name)
  for (const [listed, id] of ctx.usersByLogin) if (cleanLogin(listed) === clean) return id
  return importAuthor(ctx, { id: '', login: name, email: '', displayName: name, firstName: '', lastName: '' })
}

const TAXONOMY_OF: Record<string, 'category' | 'post_tag'> = { category: 'category', post_tag: 'post_tag', tag: 'post_tag' }

export const termKey = (taxonomy: string, slug: string) => `${taxonomy}:${slug}`

/**
 * Imports a category or tag; null when its parent is not there yet (the caller retries it later). Terms of
 * other taxonomies are left out (nav menus become menus; post formats and custom taxonomies have no place).
 */
export async function importTerm(ctx: ImportContext, term: WxrTerm): Promise<number | null | undefined> {
  const taxonomy = TAXONOMY_OF[term.taxonomy]
  if (!taxonomy) {
    if (term.taxonomy !== 'nav_menu') ctx.summary.ignored[`term:${term.taxonomy || 'unknown'}`] = (ctx.summary.ignored[`term:${term.taxonomy || 'unknown'}`] ?? 0) + 1
    return undefined
  }
  const slug = decodeSlug(term.slug) || slugify(term.name)
  const key = termKey(taxonomy, slug)
  const known = ctx.termsByKey.get(key)
  if (known !== undefined) {
    if (term.id) ctx.termsByOldId.set(term.id, known)
    return known
  }
  let parentId: number | null = null
  if (term.parent && taxonomy === 'category') {
    const parent = ctx.termsByKey.get(termKey(taxonomy, decodeSlug(term.parent)))
    if (parent === undefined) return null
    parentId = parent
  }
  const remember = async (id: number, created: boolean) => {
    ctx.termsByKey.set(key, id)
    if (term.id) {
      ctx.termsByOldId.set(term.id, id)
      await ctx.repo.remember({ kind: 'term', source: ctx.source, old_id: `${taxonomy}:${term.id}`, new_id: id })
    }
    if (created) {
      ctx.summary.terms.imported++
      await ctx.repo.addMeta('term', id, term.meta)
      // Made for an item that is then undone: the term is gone with it, and made again by the next that names it.
      ctx.repo.whenUndone(() => {
        ctx.termsByKey.delete(key)
        if (term.id) ctx.termsByOldId.delete(term.id)
        ctx.summary.terms.imported--
      })
    } else ctx.summary.terms.skipped++
    return id
  }
  const existing = await ctx.services.handle.db.selectFrom('terms').select('id').where('taxonomy', '=', taxonomy).where('slug', '=', slug).executeTakeFirst()
  if (existing) return remember(existing.id, false)
  const name = term.name.trim() || term.slug
  try {
    const created = await ctx.services.terms.create(taxonomy, { name, slug, description: term.description, parentId }, systemActor)
    return remember(created.id, true)
  } catch (err) {
    if (!isDomainError(err) || err.code !== 'term_exists') throw err
    // Refused only when the slug is taken too (the terms module's rule, WordPress's): use the same-name term.
    const same = await ctx.services.handle.db.selectFrom('terms').select('id').where('taxonomy', '=', taxonomy).where('name', '=', name).executeTakeFirst()
    if (!same) throw err
    warn(ctx, `The ${taxonomy === 'category' ? 'category' : 'tag'} "${name}" (${slug}) was merged into the one with the same name.`)
    return remember(same.id, false)
  }
}

/** WordPress stores non-ASCII slugs percent-encoded (`%e6%97%a5`). */
export function decodeSlug(slug: string): string {
  const raw = slug.trim()
  try {
    return slugify(decodeURIComponent(raw))
  } catch {
    return slugify(raw)
  }
}

/** The term ids of an item's `<category>` elements, creating terms the header did not declare. */
export async function termsOfItem(ctx: ImportContext, terms: readonly { domain: string; slug: string; name: string }[]) {
  const categories: number[] = []
  const tags: number[] = []
  for (const ref of terms) {
    const taxonomy = TAXONOMY_OF[ref.domain || 'category']
    if (!taxonomy) continue
    // Most items name terms exactly as the header did: no need to clean the slug again.
    const seen = ctx.termsByKey.get(termKey(taxonomy, ref.slug))
    if (seen !== undefined) {
      ;(taxonomy === 'category' ? categories : tags).push(seen)
      continue
    }
    const slug = decodeSlug(ref.slug) || slugify(ref.name)
    if (!slug) continue
    const id = ctx.termsByKey.get(termKey(taxonomy, slug)) ?? (await importTerm(ctx, { id: '', taxonomy, slug, name: ref.name || slug, parent: '', description: '', meta: [] }))
    if (typeof id === 'number') (taxonomy === 'category' ? categories : tags).push(id)
  }
  return { categories, tags }
}
