import { type Db, inTransaction, type TermRow } from '../db/index.js'
import { DomainError, invalid } from '../shared/errors.js'
import { createEvents, type Events } from '../shared/events.js'
import { type Actor, can, requireCapability } from '../users/index.js'
import { termNotFound } from './errors.js'
import { cleanSlug, slugify, uniqueSlug } from './slugs.js'
import { createTermsRepo, type TermsRepo } from './terms.repo.js'

export const TAXONOMIES = {
  category: { hierarchical: true, label: 'Category' },
  post_tag: { hierarchical: false, label: 'Tag' },
} as const
export type Taxonomy = keyof typeof TAXONOMIES
export const isTaxonomy = (value: string): value is Taxonomy => Object.hasOwn(TAXONOMIES, value)

export interface TermInput {
  name?: string
  slug?: string
  description?: string
  parentId?: number | null
}

const MAX_NAME = 200
/** The default category, which posts without one get (as posts.service assigns it). */
export const DEFAULT_CATEGORY_SLUG = 'uncategorized'

export function createTermsService({ db, events = createEvents() }: { db: Db; events?: Events }) {
  const repo = createTermsRepo(db)

  async function create(taxonomy: string, input: TermInput, actor: Actor, terms: TermsRepo = repo): Promise<TermRow> {
    const tax = checkTaxonomy(taxonomy)
    requireCapability(actor, 'manage_categories')
    const name = checkName(input.name)
    const parentId = await checkParent(terms, tax, input.parentId ?? null, null)
    const given = input.slug ? cleanSlug(input.slug) : ''
    // WordPress's rule (wp_insert_term): a name already used by a sibling is refused, unless the writer gives
    // a slug of its own that no term has (an import keeps both of an export's same-name terms, by their slugs).
    if ((await nameTaken(terms, tax, name, parentId)) && (!given || (await terms.slugTaken(tax, given)))) {
      throw new DomainError('conflict', 'term_exists', `A ${TAXONOMIES[tax].label.toLowerCase()} named "${name}" already exists here.`, { name })
    }
    const base = given || slugify(name) || 'term'
    const slug = await uniqueSlug(base, (s) => terms.slugTaken(tax, s))
    const term = await terms.insert({ taxonomy: tax, name, slug, description: (input.description ?? '').trim(), parent_id: parentId })
    await events.emit({ type: 'term.saved', term, previous: null })
    return term
  }

  async function update(id: number, input: TermInput, actor: Actor): Promise<TermRow> {
    requireCapability(actor, 'manage_categories')
    const term = await get(id)
    const changes: Partial<TermRow> = {}
    if (input.name !== undefined) changes.name = checkName(input.name)
    if (input.description !== undefined) changes.description = input.description.trim()
    if (input.parentId !== undefined) changes.parent_id = await checkParent(repo, term.taxonomy as Taxonomy, input.parentId, id)
    if (input.slug !== undefined) {
      const slug = cleanSlug(input.slug)
      if (!slug) throw invalid('invalid_slug', 'The slug is empty.')
      if (await repo.slugTaken(term.taxonomy, slug, id)) {
        throw new DomainError('conflict', 'duplicate_term_slug', `The slug "${slug}" is already used by another term.`, { slug })
      }
      changes.slug = slug
    }
    if (!Object.keys(changes).length) return term
    const updated = await repo.update(id, changes)
    await events.emit({ type: 'term.saved', term: updated, previous: term })
    return updated
  }

  /** Who may delete a term: those who manage categories, and nobody the default category (WordPress's rule). */
  async function checkDelete(id: number, actor: Actor): Promise<TermRow> {
    requireCapability(actor, 'manage_categories')
    const term = await get(id)
    if (term.taxonomy === 'category' && term.slug === DEFAULT_CATEGORY_SLUG) {
      throw new DomainError('forbidden', 'cannot_delete_default_term', `"${term.name}" is the default category: it cannot be deleted.`, { id })
    }
    return term
  }

  async function remove(id: number, actor: Actor): Promise<TermRow> {
    const term = await checkDelete(id, actor)
    await inTransaction(db, async (trx) => {
      const terms = createTermsRepo(trx)
      // As WordPress does: children move up to the deleted term's parent, and posts left without a category
      // go to the default one.
      await terms.reparentChildren(id, term.parent_id)
      if (term.taxonomy === 'category') {
        const orphans = await terms.postsOnlyIn(id)
        if (orphans.length) {
          const fallback =
            (await terms.findBySlug('category', DEFAULT_CATEGORY_SLUG)) ??
            (await terms.insert({ taxonomy: 'category', name: 'Uncategorized', slug: DEFAULT_CATEGORY_SLUG, description: '', parent_id: null }))
          await terms.addPostsTo(fallback.id, orphans)
          await terms.recount([fallback.id])
        }
      }
      await terms.delete(id)
    })
    await events.emit({ type: 'term.deleted', term })
    return term
  }

  async function get(id: number): Promise<TermRow> {
    const term = await repo.findById(id)
    if (!term) throw termNotFound(id)
    return term
  }

  /**
   * Term ids for names, slugs or ids given by a writer. Missing tags are created for anyone who may write; a
   * missing category only for those who may manage categories (WordPress's rule).
   */
  async function resolve(taxonomy: Taxonomy, refs: readonly (string | number)[], actor: Actor, terms: TermsRepo = repo, read?: ReadonlyMap<number, TermRow>): Promise<number[]> {
    const ids: number[] = []
    // Terms given by id are read in one query (or were, with others, by the caller: `read`).
    const byId = read ?? (await termsById(refs, terms))
    for (const ref of refs) {
      if (typeof ref === 'number' || isIdRef(ref)) {
        const term = byId.get(Number(ref))
        if (!term || term.taxonomy !== taxonomy) throw invalid('invalid_term', `No ${TAXONOMIES[taxonomy].label.toLowerCase()} with id ${ref}.`, { term: ref })
        ids.push(term.id)
        continue
      }
      const name = checkName(ref)
      const found = (await terms.findByName(taxonomy, name)) ?? (await terms.findBySlug(taxonomy, slugify(name)))
      if (found) {
        ids.push(found.id)
      } else if (taxonomy === 'post_tag' ? can(actor, 'edit_posts') : can(actor, 'manage_categories')) {
        ids.push((await create(taxonomy, { name }, { kind: 'system' }, terms)).id)
      } else {
        const label = TAXONOMIES[taxonomy].label.toLowerCase()
        throw new DomainError('forbidden', 'cannot_create_term', `There is no ${label} "${name}", and you may not create ${label === 'category' ? 'categories' : `${label}s`}.`, { name })
      }
    }
    return [...new Set(ids)]
  }

  /** The terms some refs give by id, read in one query: for `resolve` of several lists at once. */
  async function termsById(refs: readonly (string | number)[], terms: TermsRepo = repo): Promise<Map<number, TermRow>> {
    return new Map((await terms.findByIds([...new Set(refs.filter(isIdRef).map(Number))])).map((t) => [t.id, t]))
  }

  return {
    create, update, checkDelete, remove, get, resolve, termsById,
    /** Recomputes the post counts of these terms, after writes that deferred them (a bulk import). */
    recount: (termIds: readonly number[]) => repo.recount(termIds),
    list: (taxonomy: string) => repo.list(checkTaxonomy(taxonomy)),
    /** The terms of many posts at once (with `post_id`), for lists that show them. */
    termsOfPosts: (postIds: readonly number[]) => repo.termsOfPosts(postIds),
  }
}

const isIdRef = (ref: string | number): boolean => typeof ref === 'number' || /^\d+$/.test(ref)

const ASCII = /^[\x00-\x7f]*$/

/**
 * Whether a sibling (same taxonomy and parent) has this name, in any case. An ASCII name is looked up through
 * the index on `lower(name)` (SQL's lower folds ASCII letters as JavaScript does); any other is compared in
 * JavaScript with every term of the taxonomy, as SQLite's lower leaves other letters as they are.
 */
async function nameTaken(terms: TermsRepo, taxonomy: Taxonomy, name: string, parentId: number | null): Promise<boolean> {
  const lower = name.toLowerCase()
  const candidates = ASCII.test(name) ? await terms.withLowerName(taxonomy, lower, parentId) : await terms.list(taxonomy)
  return candidates.some((t) => t.name.toLowerCase() === lower && t.parent_id === parentId)
}

function checkTaxonomy(taxonomy: string): Taxonomy {
  if (!isTaxonomy(taxonomy)) throw invalid('invalid_taxonomy', `Unknown taxonomy "${taxonomy}": use category or post_tag.`, { taxonomy })
  return taxonomy
}

function checkName(input: string | undefined): string {
  const name = (input ?? '').trim()
  if (!name) throw invalid('empty_term_name', 'A term needs a name.')
  if (name.length > MAX_NAME) throw invalid('invalid_term_name', `The name is longer than ${MAX_NAME} characters.`)
  return name
}

async function checkParent(terms: TermsRepo, taxonomy: Taxonomy, parentId: number | null, selfId: number | null): Promise<number | null> {
  if (parentId === null || parentId === 0) return null
  if (!TAXONOMIES[taxonomy].hierarchical) throw invalid('term_not_hierarchical', 'Tags have no parents.')
  // Walk up from the new parent: meeting the term itself would make a loop.
  for (let id: number | null = parentId, depth = 0; id !== null; depth++) {
    if (id === selfId) throw invalid('invalid_term_parent', 'A category cannot be its own ancestor.', { parent: parentId })
    const term = await terms.findById(id)
    if (!term || term.taxonomy !== taxonomy) throw invalid('invalid_term_parent', `No category with id ${id} to be the parent.`, { parent: parentId })
    if (depth > 100) throw invalid('invalid_term_parent', 'The category tree is too deep.')
    id = term.parent_id
  }
  return parentId
}

export type TermsService = ReturnType<typeof createTermsService>
