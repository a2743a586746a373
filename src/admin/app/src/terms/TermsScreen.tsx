import { useCallback, useId, useMemo, useState } from 'react'
import { del, errorMessage, post, request, wp } from '../api'
import { decodeEntities } from '../format'
import { useRouter } from '../router'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { listAddress, useListScreen } from '../ui/useListScreen'
import { TermForm, type TermFields } from './TermForm'
import { allTerms, DEFAULT_CATEGORY_SLUG, type Taxonomy, TAXONOMY_TEXT, treeOrder, type WpTerm } from './terms'
import './terms.css'

const PER_PAGE = 20

/** A page of rows (with the id the list selects by) out of `total`. */
const listed = (rows: { term: WpTerm; depth: number }[], total: number) => ({
  items: rows.map((row) => ({ id: row.term.id, ...row })),
  total,
  pages: Math.max(1, Math.ceil(total / PER_PAGE)),
})

/** Categories or tags: add, list (categories as a tree), search, edit in a panel, delete with a confirmation. */
export function TermsScreen({ taxonomy }: { taxonomy: Taxonomy }) {
  const text = TAXONOMY_TEXT[taxonomy]
  const hierarchical = taxonomy === 'category'
  const { location } = useRouter()
  const { search, page } = listAddress(location.search)
  const [categories, setCategories] = useState<WpTerm[]>([])
  const [busy, setBusy] = useState(false)
  const [editing, setEditing] = useState<WpTerm | null>(null)
  const [editError, setEditError] = useState('')
  const [deleting, setDeleting] = useState<WpTerm | null>(null)
  const searchId = useId()

  const load = useCallback(
    async (signal: AbortSignal) => {
      if (hierarchical) {
        // Categories show as a tree: all of them, ordered and paged here.
        const all = await allTerms('category', signal)
        setCategories(all)
        const q = search.toLowerCase()
        const ordered = q ? treeOrder(all).filter(({ term }) => term.name.toLowerCase().includes(q) || term.slug.includes(q)).map(({ term }) => ({ term, depth: 0 })) : treeOrder(all)
        return listed(ordered.slice((page - 1) * PER_PAGE, page * PER_PAGE), ordered.length)
      }
      const { data, headers } = await request<WpTerm[]>(wp('/tags', { context: 'edit', per_page: PER_PAGE, page, search, orderby: 'name' }), { signal })
      return listed(data.map((term) => ({ term, depth: 0 })), Number(headers.get('x-wp-total') ?? data.length))
    },
    [hierarchical, search, page],
  )
  const { go, query, setQuery, submitSearch, result, refresh, error, setError, message, setMessage } = useListScreen({ path: `/admin/${text.rest}`, title: text.plural, load })
  const rows = result?.items ?? null
  const total = result?.total ?? 0

  const body = (f: TermFields) => ({ name: f.name.trim(), slug: f.slug.trim(), description: f.description, ...(hierarchical ? { parent: f.parent } : {}) })

  async function add(f: TermFields): Promise<boolean> {
    setBusy(true)
    setMessage('')
    setError('')
    try {
      const { slug, ...rest } = body(f)
      const term = await post<WpTerm>(`/wp-json/wp/v2/${text.rest}`, slug ? { ...rest, slug } : rest)
      setMessage(`${text.One} “${decodeEntities(term.name)}” was added.`)
      refresh()
      return true
    } catch (err) {
      setError(errorMessage(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function update(f: TermFields): Promise<boolean> {
    if (!editing) return false
    setBusy(true)
    setEditError('')
    try {
      const term = await post<WpTerm>(`/wp-json/wp/v2/${text.rest}/${editing.id}`, body(f))
      setEditing(null)
      setError('')
      setMessage(`${text.One} “${decodeEntities(term.name)}” was updated.`)
      refresh()
      return true
    } catch (err) {
      setEditError(errorMessage(err))
      return false
    } finally {
      setBusy(false)
    }
  }

  async function remove(term: WpTerm) {
    setDeleting(null)
    setMessage('')
    setError('')
    try {
      await del(`/wp-json/wp/v2/${text.rest}/${term.id}?force=true`)
      setMessage(`${text.One} “${decodeEntities(term.name)}” was deleted.`)
      refresh()
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const pages = result?.pages ?? 1
  const fallback = useMemo(() => categories.find((c) => c.slug === DEFAULT_CATEGORY_SLUG), [categories])
  const isDefault = (t: WpTerm) => hierarchical && t.slug === DEFAULT_CATEGORY_SLUG

  return (
    <div className="page terms-page">
      <header className="page-head">
        <h1>{text.plural}</h1>
      </header>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      <div className="terms-layout">
        <section className="card terms-add" aria-labelledby="add-term">
          <h2 id="add-term">Add a new {text.one}</h2>
          <TermForm taxonomy={taxonomy} categories={categories} submitLabel={`Add new ${text.one}`} busy={busy && !editing} onSubmit={add} />
        </section>
        <section className="terms-list" aria-label={`All ${text.plural.toLowerCase()}`}>
          <div className="toolbar-row">
            <span className="muted">{total} {total === 1 ? text.one : text.plural.toLowerCase()}</span>
            <form className="search" role="search" onSubmit={submitSearch}>
              <label htmlFor={searchId} className="visually-hidden">Search {text.plural.toLowerCase()}</label>
              <Icon name="search" size={16} />
              <input id={searchId} type="search" placeholder={`Search ${text.plural.toLowerCase()}`} value={query} onChange={(e) => setQuery(e.target.value)} />
            </form>
          </div>
          {!rows && !error && <Spinner label={`Loading ${text.plural.toLowerCase()}`} />}
          {rows && rows.length === 0 && (
            <div className="empty card">
              <h2>{search ? `Nothing matches “${search}”` : `No ${text.plural.toLowerCase()} yet`}</h2>
            </div>
          )}
          {rows && rows.length > 0 && (
            <table className="table terms-table">
              <caption className="visually-hidden">{text.plural}{hierarchical && !search ? ', as a tree' : ', by name'}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Slug</th>
                  <th scope="col" className="num">Count</th>
                </tr>
              </thead>
              <tbody>
                {rows.map(({ term, depth }) => {
                  const name = decodeEntities(term.name)
                  return (
                    <tr key={term.id}>
                      <td className="cell-title">
                        <span aria-hidden="true" className="depth">{'— '.repeat(depth)}</span>
                        <button type="button" className="link-btn row-title" onClick={() => (setEditError(''), setEditing(term))}>{name}</button>
                        {isDefault(term) && <span className="badge">Default</span>}
                        <div className="row-actions">
                          <button type="button" className="link-btn" onClick={() => (setEditError(''), setEditing(term))}>
                            Edit<span className="visually-hidden"> “{name}”</span>
                          </button>
                          {!isDefault(term) && (
                            <button type="button" className="link-btn danger" onClick={() => setDeleting(term)}>
                              Delete<span className="visually-hidden"> “{name}”</span>
                            </button>
                          )}
                          <a href={term.link} target="_blank" rel="noopener">
                            View<span className="visually-hidden"> “{name}”</span>
                          </a>
                        </div>
                      </td>
                      <td data-label="Description">{term.description}</td>
                      <td data-label="Slug">{decodeURIComponent(term.slug)}</td>
                      <td data-label="Posts" className="num">{term.count}</td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
          {pages > 1 && (
            <nav className="pagination" aria-label={`Pages of ${text.plural.toLowerCase()}`}>
              <span className="muted">page {page} of {pages}</span>
              <button type="button" className="btn" disabled={page <= 1} onClick={() => go({ paged: page - 1 })}>Previous</button>
              <button type="button" className="btn" disabled={page >= pages} onClick={() => go({ paged: page + 1 })}>Next</button>
            </nav>
          )}
        </section>
      </div>
      <Dialog open={editing !== null} title={`Edit ${text.one}`} onClose={() => setEditing(null)} actions={null}>
        {editError && <Notice>{editError}</Notice>}
        {editing && <TermForm key={editing.id} taxonomy={taxonomy} initial={editing} categories={categories} submitLabel="Update" busy={busy} onSubmit={update} onCancel={() => setEditing(null)} />}
      </Dialog>
      <Dialog
        open={deleting !== null}
        title={`Delete this ${text.one}?`}
        onClose={() => setDeleting(null)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setDeleting(null)}>Cancel</button>
            <button type="button" className="btn btn-danger" onClick={() => deleting && void remove(deleting)}>Delete</button>
          </>
        }
      >
        <p>
          “{deleting ? decodeEntities(deleting.name) : ''}” will be deleted
          {deleting && deleting.count > 0 ? ` and removed from its ${deleting.count} ${deleting.count === 1 ? 'post' : 'posts'}` : ''}.
          {hierarchical && ` Posts left without a category move to “${fallback ? decodeEntities(fallback.name) : 'Uncategorized'}”; its subcategories move up a level.`}
        </p>
      </Dialog>
    </div>
  )
}
