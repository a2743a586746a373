import { useCallback, useEffect, useId, useState } from 'react'
import { get } from '../api'
import { decodeEntities, formatDate, fromGmt } from '../format'
import { useRouter } from '../router'
import { useSession } from '../session'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { listAddress, useListScreen } from '../ui/useListScreen'
import { fetchMedia, fileNameOf, formatBytes, type LibraryItem, monthLabel, thumbnailOf, TYPE_FILTERS, useLoadMore } from './library'
import { LoadMore } from './LoadMore'
import { MediaDetails } from './MediaDetails'
import { Uploader } from './Uploader'
import './media.css'

const PER_PAGE = 40

/** The media library: upload, browse (grid or list), filter, and open an item to describe or delete it. */
export function MediaLibrary() {
  const { boot } = useSession()
  const { location } = useRouter()
  const view = location.search.get('mode') === 'list' ? 'list' : 'grid'
  const type = location.search.get('type') ?? ''
  const month = location.search.get('m') ?? ''
  const { search } = listAddress(location.search)
  const [months, setMonths] = useState<{ month: string; count: number }[]>([])
  const [open, setOpen] = useState<LibraryItem | null>(null)
  const ids = { search: useId(), type: useId(), month: useId() }

  const fetchPage = useCallback((n: number, signal?: AbortSignal) => fetchMedia({ type, search, month }, PER_PAGE, n, signal), [type, search, month])
  const paging = useLoadMore(fetchPage, (f) => change(f), (m) => setError(m))
  const { restart } = paging
  const load = useCallback((signal: AbortSignal) => (restart(), fetchPage(1, signal)), [fetchPage, restart])
  const { go, query, setQuery, submitSearch, result, setResult, error, setError, message, setMessage } = useListScreen({ path: '/admin/media', title: 'Media Library', load, blankWhileLoading: true })
  const items = result?.items ?? null
  const total = result?.total ?? 0
  /** Changes the items shown (and their count by `added`). */
  const change = (f: (list: LibraryItem[]) => LibraryItem[], added = 0) =>
    setResult((r) => ({ total: (r?.total ?? 0) + added, pages: r?.pages ?? 1, items: f(r?.items ?? []) }))

  const loadMonths = useCallback(() => get<{ month: string; count: number }[]>('/admin/api/media-months').then(setMonths, () => {}), [])
  useEffect(() => void loadMonths(), [loadMonths])

  const uploaded = (item: LibraryItem) => {
    change((list) => [item, ...list.filter((i) => i.id !== item.id)], 1)
    void loadMonths()
  }
  const tz = boot.site.timezone
  const nameOf = (item: LibraryItem) => decodeEntities(item.title.rendered) || fileNameOf(item)

  return (
    <div className="page media-page">
      <header className="page-head">
        <h1>Media Library</h1>
      </header>
      <Uploader onUploaded={uploaded} />
      <div className="toolbar-row media-toolbar">
        <div className="row">
          <div className="view-switch" role="group" aria-label="View">
            <button type="button" className="icon-btn" aria-pressed={view === 'grid'} onClick={() => go({ mode: '' })}>
              <Icon name="grid" />
              <span className="visually-hidden">Grid view</span>
            </button>
            <button type="button" className="icon-btn" aria-pressed={view === 'list'} onClick={() => go({ mode: 'list' })}>
              <Icon name="list" />
              <span className="visually-hidden">List view</span>
            </button>
          </div>
          <label htmlFor={ids.type} className="visually-hidden">Filter by type</label>
          <select id={ids.type} value={type} onChange={(e) => go({ type: e.target.value })}>
            {TYPE_FILTERS.map((f) => <option key={f.value} value={f.value}>{f.label}</option>)}
          </select>
          <label htmlFor={ids.month} className="visually-hidden">Filter by date</label>
          <select id={ids.month} value={month} onChange={(e) => go({ m: e.target.value })}>
            <option value="">All dates</option>
            {months.map((m) => <option key={m.month} value={m.month}>{monthLabel(m.month)} ({m.count})</option>)}
          </select>
        </div>
        <form className="search" role="search" onSubmit={submitSearch}>
          <label htmlFor={ids.search} className="visually-hidden">Search media</label>
          <Icon name="search" size={16} />
          <input id={ids.search} type="search" placeholder="Search media" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      {!items && !error && <Spinner label="Loading media" />}
      {items && items.length === 0 && (
        <div className="empty card">
          <h2>{search || type || month ? 'No media items match' : 'The library is empty'}</h2>
          <p className="muted">{search || type || month ? 'Try another filter or search.' : 'Upload images and documents to use them in posts.'}</p>
        </div>
      )}
      {items && items.length > 0 && view === 'grid' && (
        <ul className="media-grid" aria-label="Media items">
          {items.map((item) => {
            const thumb = thumbnailOf(item)
            return (
              <li key={item.id}>
                <button type="button" className="media-tile" onClick={() => setOpen(item)}>
                  {thumb ? <img src={thumb} alt="" loading="lazy" /> : <span className="media-doc"><Icon name="file" size={28} /><span>{fileNameOf(item)}</span></span>}
                  <span className="visually-hidden">{nameOf(item)}</span>
                </button>
              </li>
            )
          })}
        </ul>
      )}
      {items && items.length > 0 && view === 'list' && (
        <table className="table media-table">
          <caption className="visually-hidden">Media items, newest first</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col">Size</th>
              <th scope="col">Uploaded</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => {
              const thumb = thumbnailOf(item)
              return (
                <tr key={item.id}>
                  <td className="media-file-cell">
                    {thumb ? <img src={thumb} alt="" loading="lazy" className="media-thumb" /> : <span className="media-thumb media-thumb-doc"><Icon name="file" /></span>}
                    <span>
                      <button type="button" className="link-btn row-title" onClick={() => setOpen(item)}>{nameOf(item)}</button>
                      <span className="muted small media-file-name">{fileNameOf(item)}</span>
                    </span>
                  </td>
                  <td data-label="Type">{item.mime_type}</td>
                  <td data-label="Size">{formatBytes(item.media_details.filesize)}</td>
                  <td data-label="Uploaded">{formatDate(fromGmt(item.date_gmt), tz)}</td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {items && items.length > 0 && (
        <LoadMore shown={items.length} total={total} status={`Showing ${items.length} of ${total} media items`} loading={paging.loading} onMore={() => void paging.loadMore()} />
      )}
      {open && (
        <MediaDetails
          item={open}
          onClose={() => setOpen(null)}
          onSaved={(item) => {
            change((list) => list.map((i) => (i.id === item.id ? item : i)))
            setOpen(item)
          }}
          onDeleted={(item) => {
            setOpen(null)
            change((list) => list.filter((i) => i.id !== item.id), -1)
            setMessage(`“${nameOf(item)}” was deleted.`)
            void loadMonths()
          }}
        />
      )}
    </div>
  )
}
