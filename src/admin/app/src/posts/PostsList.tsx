import { useCallback, useEffect, useId, useState } from 'react'
import { del, get, post, request, wp } from '../api'
import { can } from '../boot'
import { decodeEntities, formatDate, fromGmt } from '../format'
import { Link, useRouter } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { listAddress, pageOf, useListScreen } from '../ui/useListScreen'
import { STATUS_LABELS, type WpPost } from './types'

const PER_PAGE = 20
const TABS = [
  { status: 'any', label: 'All' },
  { status: 'publish', label: 'Published' },
  { status: 'draft', label: 'Drafts' },
  { status: 'pending', label: 'Pending' },
  { status: 'future', label: 'Scheduled' },
  { status: 'private', label: 'Private' },
  { status: 'trash', label: 'Trash' },
]

export function PostsList({ type }: { type: 'post' | 'page' }) {
  const base = type === 'post' ? '/admin/posts' : '/admin/pages'
  const rest = type === 'post' ? 'posts' : 'pages'
  const title = type === 'post' ? 'Posts' : 'Pages'
  const { boot, user } = useSession()
  const { location } = useRouter()
  const status = location.search.get('status') ?? 'any'
  const { search, page } = listAddress(location.search)
  const category = Number(location.search.get('cat') ?? 0) || 0
  const authorFilter = Number(location.search.get('author') ?? 0) || 0
  const month = /^\d{6}$/.test(location.search.get('m') ?? '') ? location.search.get('m')! : ''
  const orderby = ['title', 'author', 'date'].includes(location.search.get('orderby') ?? '') ? location.search.get('orderby')! : 'date'
  const order = location.search.get('order') === 'asc' ? 'asc' : location.search.get('order') === 'desc' ? 'desc' : orderby === 'date' ? 'desc' : 'asc'
  const [confirmBulkDelete, setConfirmBulkDelete] = useState(false)
  const [bulk, setBulk] = useState('')
  const [bulkCategory, setBulkCategory] = useState(0)
  const [editing, setEditing] = useState<number | null>(null)
  const [categories, setCategories] = useState<{ id: number; name: string }[]>([])
  const [authors, setAuthors] = useState<{ id: number; name: string }[]>([])
  const [months, setMonths] = useState<string[]>([])
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [confirmDelete, setConfirmDelete] = useState<WpPost | null>(null)
  const searchId = useId()

  const load = useCallback(
    (signal: AbortSignal) => {
      const range = month ? monthRange(month) : null
      const path = wp(`/${rest}`, {
        context: 'edit', status, search, page, per_page: PER_PAGE, orderby, order,
        categories: category || undefined, author: authorFilter || undefined, after: range?.after, before: range?.before,
        _embed: type === 'post' ? 'author,wp:term' : 'author',
      })
      const list = request<WpPost[]>(path, { signal }).then(pageOf)
      get<Record<string, number>>(`/admin/api/post-counts?type=${type}`, signal).then(setCounts, () => {})
      return list
    },
    [status, search, page, rest, type, category, authorFilter, month, orderby, order],
  )
  const listing = useListScreen({ path: base, title, defaults: { status: 'any' }, load })
  const { go, query, setQuery, result, reloads, selected, error, message, act } = listing

  // What the filters offer: categories, people who write, and the months from the oldest post to now.
  useEffect(() => {
    const ctrl = new AbortController()
    if (type === 'post') get<{ id: number; name: string }[]>(wp('/categories', { per_page: 100, orderby: 'name', hide_empty: false, _fields: 'id,name' }), ctrl.signal).then(setCategories, () => {})
    get<{ id: number; name: string }[]>(wp('/users', { who: 'authors', per_page: 100, _fields: 'id,name' }), ctrl.signal).then(setAuthors, () => {})
    // Months are of publication dates: drafts have none.
    get<WpPost[]>(wp(`/${rest}`, { context: 'edit', status: 'publish,future,private', per_page: 1, orderby: 'date', order: 'asc', _fields: 'id,date_gmt,modified_gmt' }), ctrl.signal).then((oldest) => setMonths(monthsSince(oldest[0] ? fromGmt(oldest[0].date_gmt ?? oldest[0].modified_gmt) : new Date())), () => {})
    return () => ctrl.abort()
  }, [rest, type, reloads])

  /** Runs a bulk action on each chosen post in turn and says how many it changed. */
  async function applyBulk(confirmed = false) {
    const ids = [...selected]
    if (!bulk || !ids.length || !result) return
    if (bulk === 'delete' && !confirmed) return setConfirmBulkDelete(true)
    const byId = new Map(result.items.map((p) => [p.id, p]))
    const verb: Record<string, string> = { publish: 'published', trash: 'moved to the trash', restore: 'restored as drafts', delete: 'deleted', set_category: 'given the category', add_category: 'given the category' }
    await act(`${ids.length} ${ids.length === 1 ? type : `${type}s`} ${verb[bulk] ?? 'changed'}.`, async () => {
      for (const pid of ids) {
        const p = byId.get(pid)
        if (bulk === 'publish') await post(wp(`/${rest}/${pid}`), { status: 'publish' })
        else if (bulk === 'trash') await del(`/wp-json/wp/v2/${rest}/${pid}`)
        else if (bulk === 'restore') await post(`/admin/api/posts/${pid}/restore`)
        else if (bulk === 'delete') await del(`/wp-json/wp/v2/${rest}/${pid}?force=true`)
        else if (bulk === 'set_category' && bulkCategory) await post(wp(`/${rest}/${pid}`), { categories: [bulkCategory] })
        else if (bulk === 'add_category' && bulkCategory) await post(wp(`/${rest}/${pid}`), { categories: [...new Set([...(p?.categories ?? []), bulkCategory])] })
      }
    })
    setBulk('')
  }

  const sortHeader = (key: string, label: string) => {
    const active = orderby === key
    const next = active ? (order === 'asc' ? 'desc' : 'asc') : key === 'date' ? 'desc' : 'asc'
    return (
      <th scope="col" aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : undefined}>
        <button type="button" className="sort-btn" onClick={() => go({ orderby: key === 'date' && next === 'desc' ? null : key, order: next, paged: 1 })}>
          {label}
          <span aria-hidden="true" className="sort-mark">{active ? (order === 'asc' ? '▲' : '▼') : ''}</span>
          <span className="visually-hidden">{active ? `, sorted ${order === 'asc' ? 'ascending' : 'descending'}` : ''}, sort by {label.toLowerCase()}</span>
        </button>
      </th>
    )
  }
  const inTrash = status === 'trash'
  const mayPublish = can(user, type === 'post' ? 'publish_posts' : 'publish_pages')

  const countOf = (s: string) => (s === 'any' ? Object.entries(counts).filter(([k]) => k !== 'trash').reduce((sum, [, n]) => sum + n, 0) : (counts[s] ?? 0))
  const tz = boot.site.timezone

  return (
    <div className="page">
      <header className="page-head">
        <h1>{title}</h1>
        <Link to={`${base}/new`} className="btn btn-primary">
          <Icon name="plus" size={16} /> New {type}
        </Link>
      </header>
      <div className="toolbar-row">
        <nav aria-label="Filter by status" className="tabs">
          {TABS.filter((t) => t.status === 'any' || t.status === status || countOf(t.status) > 0).map((t) => (
            <Link key={t.status} to={`${base}${t.status === 'any' ? '' : `?status=${t.status}`}`} className="tab" aria-current={status === t.status ? 'page' : undefined}>
              {t.label} <span className="tab-count">{countOf(t.status)}</span>
            </Link>
          ))}
        </nav>
        <form className="search" role="search" onSubmit={listing.submitSearch}>
          <label htmlFor={searchId} className="visually-hidden">Search {title.toLowerCase()}</label>
          <Icon name="search" size={16} />
          <input id={searchId} type="search" placeholder={`Search ${title.toLowerCase()}`} value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      <div className="filters-row">
        <div className="filters" role="group" aria-label="Filters">
          {type === 'post' && (
            <select aria-label="Filter by category" value={category} onChange={(e) => go({ cat: Number(e.target.value) || null, paged: 1 })}>
              <option value={0}>All categories</option>
              {categories.map((c) => <option key={c.id} value={c.id}>{decodeEntities(c.name)}</option>)}
            </select>
          )}
          <select aria-label="Filter by author" value={authorFilter} onChange={(e) => go({ author: Number(e.target.value) || null, paged: 1 })}>
            <option value={0}>All authors</option>
            {authors.map((a) => <option key={a.id} value={a.id}>{a.name}</option>)}
          </select>
          <select aria-label="Filter by month" value={month} onChange={(e) => go({ m: e.target.value || null, paged: 1 })}>
            <option value="">All dates</option>
            {months.map((m) => <option key={m} value={m}>{monthLabel(m)}</option>)}
          </select>
        </div>
        <div className="filters" role="group" aria-label="Bulk actions">
          <select aria-label="Bulk action" value={bulk} onChange={(e) => setBulk(e.target.value)}>
            <option value="">Bulk actions</option>
            {inTrash ? (
              <>
                <option value="restore">Restore</option>
                <option value="delete">Delete permanently</option>
              </>
            ) : (
              <>
                {mayPublish && <option value="publish">Publish</option>}
                <option value="trash">Move to trash</option>
                {type === 'post' && <option value="set_category">Change category to…</option>}
                {type === 'post' && <option value="add_category">Add category…</option>}
              </>
            )}
          </select>
          {(bulk === 'set_category' || bulk === 'add_category') && (
            <select aria-label="Category for the chosen posts" value={bulkCategory} onChange={(e) => setBulkCategory(Number(e.target.value))}>
              <option value={0}>Choose a category</option>
              {categories.map((c) => <option key={c.id} value={c.id}>{decodeEntities(c.name)}</option>)}
            </select>
          )}
          <button type="button" className="btn" disabled={!bulk || selected.size === 0 || ((bulk === 'set_category' || bulk === 'add_category') && !bulkCategory)} onClick={() => void applyBulk()}>
            Apply{selected.size ? ` to ${selected.size}` : ''}
          </button>
        </div>
      </div>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      {!result && !error && <Spinner label="Loading posts" />}
      {result && result.items.length === 0 && (
        <div className="empty card">
          <h2>{search ? `Nothing matches “${search}”` : status === 'trash' ? 'The trash is empty' : `No ${title.toLowerCase()} here yet`}</h2>
          {!search && status !== 'trash' && <Link to={`${base}/new`} className="btn btn-primary">{type === 'post' ? 'Write your first post' : 'Create a page'}</Link>}
        </div>
      )}
      {result && result.items.length > 0 && (
        <>
          <table className="table posts-table">
            <caption className="visually-hidden">{title}</caption>
            <thead>
              <tr>
                <td className="cell-check">
                  <input
                    type="checkbox"
                    aria-label={`Select all ${title.toLowerCase()} on this page`}
                    checked={listing.allSelected}
                    onChange={(e) => listing.selectAll(e.target.checked)}
                  />
                </td>
                {sortHeader('title', 'Title')}
                {sortHeader('author', 'Author')}
                {type === 'post' && <th scope="col">Categories</th>}
                {sortHeader('date', 'Date')}
              </tr>
            </thead>
            <tbody>
              {result.items.map((p) => {
                const name = decodeEntities(p.title.rendered) || '(no title)'
                const author = p._embedded?.author?.[0]?.name ?? ''
                const categories = (p._embedded?.['wp:term'] ?? []).flat().filter((t) => t.taxonomy === 'category').map((t) => decodeEntities(t.name))
                const when = p.status === 'publish' || p.status === 'future' ? (p.date_gmt ? fromGmt(p.date_gmt) : null) : fromGmt(p.modified_gmt)
                if (editing === p.id) {
                  return (
                    <tr key={p.id} className="quick-edit-row">
                      <td colSpan={type === 'post' ? 5 : 4}>
                        <QuickEdit
                          post={p}
                          type={type}
                          mayPublish={mayPublish}
                          onCancel={() => setEditing(null)}
                          onSave={(changes) => act(`“${changes.title || name}” was updated.`, async () => {
                            await post(wp(`/${rest}/${p.id}`), changes)
                            setEditing(null)
                          })}
                        />
                      </td>
                    </tr>
                  )
                }
                return (
                  <tr key={p.id}>
                    <td className="cell-check">
                      <input
                        type="checkbox"
                        aria-label={`Select “${name}”`}
                        checked={selected.has(p.id)}
                        onChange={(e) => listing.select(p.id, e.target.checked)}
                      />
                    </td>
                    <td className="cell-title">
                      {p.status === 'trash' ? <strong>{name}</strong> : <Link to={`${base}/${p.id}`} className="row-title">{name}</Link>}
                      {p.status !== 'publish' && <span className={`badge badge-${p.status}`}>{STATUS_LABELS[p.status] ?? p.status}</span>}
                      {p.sticky && <span className="badge">Sticky</span>}
                      <div className="row-actions">
                        {p.status === 'trash' ? (
                          <>
                            <button type="button" className="link-btn" onClick={() => act(`“${name}” was restored as a draft.`, () => post(`/admin/api/posts/${p.id}/restore`))}>
                              Restore<span className="visually-hidden"> “{name}”</span>
                            </button>
                            {can(user, 'delete_others_posts') || p.author === user.id ? (
                              <button type="button" className="link-btn danger" onClick={() => setConfirmDelete(p)}>
                                Delete permanently<span className="visually-hidden"> “{name}”</span>
                              </button>
                            ) : null}
                          </>
                        ) : (
                          <>
                            <Link to={`${base}/${p.id}`}>Edit<span className="visually-hidden"> “{name}”</span></Link>
                            {(p.author === user.id || can(user, type === 'post' ? 'edit_others_posts' : 'edit_others_pages')) && (
                              <button type="button" className="link-btn" onClick={() => setEditing(p.id)}>
                                Quick edit<span className="visually-hidden"> “{name}”</span>
                              </button>
                            )}
                            <a href={p.status === 'publish' ? p.link : `/?p=${p.id}&preview=true`} target="_blank" rel="noopener">
                              {p.status === 'publish' ? 'View' : 'Preview'}<span className="visually-hidden"> “{name}”</span>
                            </a>
                            <button type="button" className="link-btn danger" onClick={() => act(`“${name}” was moved to the trash.`, () => del(`/wp-json/wp/v2/${rest}/${p.id}`))}>
                              Trash<span className="visually-hidden"> “{name}”</span>
                            </button>
                          </>
                        )}
                      </div>
                    </td>
                    <td data-label="Author">{author}</td>
                    {type === 'post' && <td data-label="Categories">{categories.join(', ') || '—'}</td>}
                    <td data-label={p.status === 'publish' ? 'Published' : p.status === 'future' ? 'Scheduled for' : 'Last modified'}>
                      {when ? formatDate(when, tz) : '—'}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
          {result.pages > 1 && (
            <nav className="pagination" aria-label={`Pages of ${title.toLowerCase()}`}>
              <span className="muted">
                {result.total} {title.toLowerCase()} · page {page} of {result.pages}
              </span>
              <button type="button" className="btn" disabled={page <= 1} onClick={() => go({ paged: page - 1 })}>
                Previous
              </button>
              <button type="button" className="btn" disabled={page >= result.pages} onClick={() => go({ paged: page + 1 })}>
                Next
              </button>
            </nav>
          )}
        </>
      )}
      <Dialog
        open={confirmBulkDelete}
        title={`Delete ${selected.size === 1 ? `this ${type}` : `${selected.size} ${type}s`} for good?`}
        onClose={() => setConfirmBulkDelete(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirmBulkDelete(false)}>Cancel</button>
            <button type="button" className="btn btn-danger" onClick={() => (setConfirmBulkDelete(false), void applyBulk(true))}>
              Delete permanently
            </button>
          </>
        }
      >
        <p>They and their revisions will be deleted. This cannot be undone.</p>
      </Dialog>
      <Dialog
        open={confirmDelete !== null}
        title={`Delete this ${type} for good?`}
        onClose={() => setConfirmDelete(null)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirmDelete(null)}>Cancel</button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                const p = confirmDelete!
                setConfirmDelete(null)
                void act(`“${decodeEntities(p.title.rendered)}” was deleted.`, () => del(`/wp-json/wp/v2/${rest}/${p.id}?force=true`))
              }}
            >
              Delete permanently
            </button>
          </>
        }
      >
        <p>“{confirmDelete ? decodeEntities(confirmDelete.title.rendered) || '(no title)' : ''}” and its revisions will be deleted. This cannot be undone.</p>
      </Dialog>
    </div>
  )
}

/** `YYYYMM` → the REST API's `after`/`before` for that month (UTC). */
function monthRange(m: string): { after: string; before: string } {
  const y = Number(m.slice(0, 4))
  const mo = Number(m.slice(4)) - 1
  const iso = (d: Date) => d.toISOString().slice(0, 19)
  return { after: iso(new Date(Date.UTC(y, mo, 1) - 1000)), before: iso(new Date(Date.UTC(y, mo + 1, 1))) }
}

/** Months from `since` to now, newest first, as `YYYYMM` (at most ten years). */
function monthsSince(since: Date): string[] {
  const out: string[] = []
  const now = new Date()
  for (let y = now.getUTCFullYear(), m = now.getUTCMonth(); out.length < 120; m--) {
    if (m < 0) (m = 11, y--)
    out.push(`${y}${String(m + 1).padStart(2, '0')}`)
    if (y < since.getUTCFullYear() || (y === since.getUTCFullYear() && m <= since.getUTCMonth())) break
  }
  return out
}

const monthLabel = (m: string) => new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(Number(m.slice(0, 4)), Number(m.slice(4)) - 1, 1)))

const pad = (n: number) => String(n).padStart(2, '0')
const localInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`

/** WordPress's Quick Edit: title, slug, status and date in the row, saved through the REST API. */
function QuickEdit({ post: p, type, mayPublish, onSave, onCancel }: {
  post: WpPost
  type: 'post' | 'page'
  mayPublish: boolean
  onSave: (changes: { title: string; slug: string; status: string; date_gmt?: string }) => void
  onCancel: () => void
}) {
  const id = useId()
  const [title, setTitle] = useState(p.title.raw ?? decodeEntities(p.title.rendered))
  const [slug, setSlug] = useState(p.slug)
  const [status, setStatus] = useState(p.status)
  const [date, setDate] = useState(p.date_gmt && p.status !== 'draft' && p.status !== 'pending' ? localInput(fromGmt(p.date_gmt)) : '')
  const statuses = [...(mayPublish ? ['publish', 'private'] : []), 'pending', 'draft', ...(p.status === 'future' ? ['future'] : [])]
  return (
    <form
      className="quick-edit"
      aria-label={`Quick edit “${decodeEntities(p.title.rendered) || '(no title)'}”`}
      onSubmit={(e) => {
        e.preventDefault()
        onSave({ title, slug, status: status === 'future' ? 'publish' : status, ...(date ? { date_gmt: new Date(date).toISOString().slice(0, 19) } : {}) })
      }}
      onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onCancel())}
    >
      <div className="field">
        <label htmlFor={`${id}-title`}>Title</label>
        <input id={`${id}-title`} value={title} onChange={(e) => setTitle(e.target.value)} autoFocus />
      </div>
      <div className="field">
        <label htmlFor={`${id}-slug`}>Slug</label>
        <input id={`${id}-slug`} value={slug} onChange={(e) => setSlug(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value)}>
          {statuses.map((s) => <option key={s} value={s}>{STATUS_LABELS[s] ?? s}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-date`}>Date</label>
        <input id={`${id}-date`} type="datetime-local" value={date} onChange={(e) => setDate(e.target.value)} />
      </div>
      <div className="quick-edit-actions">
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
        <button type="submit" className="btn btn-primary">Update {type}</button>
      </div>
    </form>
  )
}
