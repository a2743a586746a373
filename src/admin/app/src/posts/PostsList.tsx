import { type FormEvent, useCallback, useEffect, useId, useState } from 'react'
import { del, errorMessage, get, post, request, wp } from '../api'
import { can } from '../boot'
import { decodeEntities, formatDate, fromGmt } from '../format'
import { Link, useRouter } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
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
  const { location, navigate } = useRouter()
  const status = location.search.get('status') ?? 'any'
  const search = location.search.get('s') ?? ''
  const page = Math.max(1, Number(location.search.get('paged') ?? 1) || 1)
  const [query, setQuery] = useState(search)
  const [result, setResult] = useState<{ posts: WpPost[]; total: number; pages: number } | null>(null)
  const [counts, setCounts] = useState<Record<string, number>>({})
  const [error, setError] = useState('')
  const [message, setMessage] = useState('')
  const [confirmDelete, setConfirmDelete] = useState<WpPost | null>(null)
  const [reload, setReload] = useState(0)
  const searchId = useId()

  const go = useCallback(
    (changes: Record<string, string | number | null>) => {
      const next = new URLSearchParams(location.search)
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '' || (k === 'status' && v === 'any') || (k === 'paged' && v === 1)) next.delete(k)
        else next.set(k, String(v))
      }
      const qs = next.toString()
      navigate(`${base}${qs ? `?${qs}` : ''}`, { replace: true, keepKey: true })
    },
    [location.search, navigate, base],
  )

  useEffect(() => {
    document.title = `${title} · ${boot.site.title}`
  }, [boot.site.title, title])

  useEffect(() => {
    const ctrl = new AbortController()
    setError('')
    const path = wp(`/${rest}`, { context: 'edit', status, search, page, per_page: PER_PAGE, orderby: 'date', order: 'desc', _embed: type === 'post' ? 'author,wp:term' : 'author' })
    request<WpPost[]>(path, { signal: ctrl.signal }).then(
      ({ data, headers }) => setResult({ posts: data, total: Number(headers.get('x-wp-total') ?? data.length), pages: Number(headers.get('x-wp-totalpages') ?? 1) }),
      (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)),
    )
    get<Record<string, number>>(`/admin/api/post-counts?type=${type}`, ctrl.signal).then(setCounts, () => {})
    return () => ctrl.abort()
  }, [status, search, page, reload, rest, type])

  // Typing searches after a short pause; the address keeps the search so Back returns to it.
  useEffect(() => {
    if (query === search) return
    const t = setTimeout(() => go({ s: query.trim(), paged: 1 }), 350)
    return () => clearTimeout(t)
  }, [query, search, go])

  const act = async (label: string, work: () => Promise<unknown>) => {
    setMessage('')
    setError('')
    try {
      await work()
      setMessage(label)
      setReload((n) => n + 1)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

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
        <form className="search" role="search" onSubmit={(e: FormEvent) => (e.preventDefault(), go({ s: query.trim(), paged: 1 }))}>
          <label htmlFor={searchId} className="visually-hidden">Search {title.toLowerCase()}</label>
          <Icon name="search" size={16} />
          <input id={searchId} type="search" placeholder={`Search ${title.toLowerCase()}`} value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      {!result && !error && <Spinner label="Loading posts" />}
      {result && result.posts.length === 0 && (
        <div className="empty card">
          <h2>{search ? `Nothing matches “${search}”` : status === 'trash' ? 'The trash is empty' : `No ${title.toLowerCase()} here yet`}</h2>
          {!search && status !== 'trash' && <Link to={`${base}/new`} className="btn btn-primary">{type === 'post' ? 'Write your first post' : 'Create a page'}</Link>}
        </div>
      )}
      {result && result.posts.length > 0 && (
        <>
          <table className="table posts-table">
            <caption className="visually-hidden">{title}, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Title</th>
                <th scope="col">Author</th>
                {type === 'post' && <th scope="col">Categories</th>}
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {result.posts.map((p) => {
                const name = decodeEntities(p.title.rendered) || '(no title)'
                const author = p._embedded?.author?.[0]?.name ?? ''
                const categories = (p._embedded?.['wp:term'] ?? []).flat().filter((t) => t.taxonomy === 'category').map((t) => decodeEntities(t.name))
                const when = p.status === 'publish' || p.status === 'future' ? (p.date_gmt ? fromGmt(p.date_gmt) : null) : fromGmt(p.modified_gmt)
                return (
                  <tr key={p.id}>
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
