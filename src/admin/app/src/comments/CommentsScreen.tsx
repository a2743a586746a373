import { type FormEvent, useCallback, useId, useState } from 'react'
import { del, get, post, request, wp } from '../api'
import { decodeEntities, formatDateTime, fromGmt } from '../format'
import { Link, useRouter } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { listAddress, pageOf, useListScreen } from '../ui/useListScreen'
import { CommentRow, type RowAction } from './CommentRow'
import { type CommentCounts, commentsChanged, PENDING_SEEN, type WpComment } from './types'
import './comments.css'

const PER_PAGE = 20
const TABS = [
  { status: 'all', label: 'All', rest: 'all' },
  { status: 'pending', label: 'Pending', rest: 'hold' },
  { status: 'approved', label: 'Approved', rest: 'approve' },
  { status: 'spam', label: 'Spam', rest: 'spam' },
  { status: 'trash', label: 'Trash', rest: 'trash' },
] as const
type Tab = (typeof TABS)[number]['status']

const BULK: Record<Tab, { action: string; label: string }[]> = {
  all: [{ action: 'approve', label: 'Approve' }, { action: 'unapprove', label: 'Unapprove' }, { action: 'spam', label: 'Mark as spam' }, { action: 'trash', label: 'Move to trash' }],
  pending: [{ action: 'approve', label: 'Approve' }, { action: 'spam', label: 'Mark as spam' }, { action: 'trash', label: 'Move to trash' }],
  approved: [{ action: 'unapprove', label: 'Unapprove' }, { action: 'spam', label: 'Mark as spam' }, { action: 'trash', label: 'Move to trash' }],
  spam: [{ action: 'unspam', label: 'Not spam' }, { action: 'delete', label: 'Delete permanently' }],
  trash: [{ action: 'restore', label: 'Restore' }, { action: 'delete', label: 'Delete permanently' }],
}

const DONE: Record<string, string> = {
  approve: 'approved', unapprove: 'unapproved', spam: 'marked as spam', unspam: 'taken out of spam', trash: 'moved to the trash', restore: 'restored', delete: 'deleted permanently',
}
const plural = (n: number) => (n === 1 ? '1 comment' : `${n} comments`)

/** The moderation queue: tabs by status, search, bulk actions, and per-row actions with inline reply and edit. */
export function CommentsScreen() {
  const { boot } = useSession()
  const { location } = useRouter()
  const raw = location.search.get('status') ?? 'all'
  const tab: Tab = TABS.some((t) => t.status === raw) ? (raw as Tab) : 'all'
  const { search, page } = listAddress(location.search)
  const [counts, setCounts] = useState<CommentCounts | null>(null)
  const [bulk, setBulk] = useState('')
  const [confirm, setConfirm] = useState<{ ids: number[] } | null>(null)
  const ids = { search: useId(), bulk: useId(), all: useId() }

  const load = useCallback(
    (signal: AbortSignal) => {
      get<CommentCounts>('/admin/api/comment-counts', signal).then((c) => {
        setCounts(c)
        // The nav badge follows what this screen shows (comments may have arrived since it last looked).
        window.dispatchEvent(new CustomEvent(PENDING_SEEN, { detail: c.pending }))
      }, () => {})
      const rest = TABS.find((t) => t.status === tab)!.rest
      return request<WpComment[]>(wp('/comments', { context: 'edit', status: rest, search, page, per_page: PER_PAGE, _embed: 'up,in-reply-to' }), { signal }).then(pageOf)
    },
    [tab, search, page],
  )
  const listing = useListScreen({ path: '/admin/comments', title: 'Comments', defaults: { status: 'all' }, load })
  const { go, query, setQuery, result, rows, selected, error, setError, message, setMessage, refresh } = listing

  const act = async (done: string, work: () => Promise<unknown>) => {
    if (await listing.act(done, work)) commentsChanged()
  }

  const moderate = (list: number[], action: string) => act(`${plural(list.length)} ${DONE[action] ?? 'changed'}.`, () => post('/admin/api/comments/bulk', { ids: list, action }))

  /** One row's action: status changes and deletion through the REST API, as WordPress's own screens do. */
  const onRow = (c: WpComment, action: RowAction) => {
    const by = c.author_name || 'Anonymous'
    switch (action) {
      case 'approve':
        return act(`The comment by ${by} was approved.`, () => post(`/wp-json/wp/v2/comments/${c.id}`, { status: 'approved' }))
      case 'unapprove':
        return act(`The comment by ${by} was unapproved.`, () => post(`/wp-json/wp/v2/comments/${c.id}`, { status: 'hold' }))
      case 'spam':
        return act(`The comment by ${by} was marked as spam.`, () => post(`/wp-json/wp/v2/comments/${c.id}`, { status: 'spam' }))
      case 'trash':
        return act(`The comment by ${by} was moved to the trash.`, () => del(`/wp-json/wp/v2/comments/${c.id}`))
      case 'unspam':
      case 'restore':
        return moderate([c.id], action)
      case 'delete':
        setConfirm({ ids: [c.id] })
    }
  }

  const applyBulk = (e: FormEvent) => {
    e.preventDefault()
    const list = [...selected]
    if (!bulk || !list.length) {
      setError(!list.length ? 'Choose the comments first (the boxes on the left).' : 'Choose an action to apply.')
      return
    }
    if (bulk === 'delete') setConfirm({ ids: list })
    else void moderate(list, bulk)
  }

  const countOf = (s: Tab) => (!counts ? null : s === 'all' ? counts.pending + counts.approved : counts[s])

  return (
    <div className="page comments-page">
      <header className="page-head">
        <h1>Comments</h1>
      </header>
      <div className="toolbar-row">
        <nav aria-label="Filter by status" className="tabs">
          {TABS.map((t) => (
            <Link key={t.status} to={`/admin/comments${t.status === 'all' ? '' : `?status=${t.status}`}`} className="tab" aria-current={tab === t.status ? 'page' : undefined}>
              {t.label} <span className="tab-count">{countOf(t.status) ?? ''}</span>
            </Link>
          ))}
        </nav>
        <form className="search" role="search" onSubmit={listing.submitSearch}>
          <label htmlFor={ids.search} className="visually-hidden">Search comments</label>
          <Icon name="search" size={16} />
          <input id={ids.search} type="search" placeholder="Search comments" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      {message && <Notice kind="success">{message}</Notice>}
      {error && <Notice>{error}</Notice>}
      {!result && !error && <Spinner label="Loading comments" />}
      {result && rows.length === 0 && (
        <div className="empty card">
          <h2>{search ? `No comments match “${search}”` : tab === 'pending' ? 'Nothing waits for moderation' : tab === 'spam' ? 'No spam' : tab === 'trash' ? 'The trash is empty' : 'No comments yet'}</h2>
        </div>
      )}
      {rows.length > 0 && (
        <>
          <form className="bulk-bar" onSubmit={applyBulk}>
            <label htmlFor={ids.bulk} className="visually-hidden">Bulk action</label>
            <select id={ids.bulk} value={bulk} onChange={(e) => setBulk(e.target.value)}>
              <option value="">Bulk actions</option>
              {BULK[tab].map((b) => (
                <option key={b.action} value={b.action}>{b.label}</option>
              ))}
            </select>
            <button type="submit" className="btn">Apply</button>
            <span className="muted small" aria-live="polite">{selected.size ? `${plural(selected.size)} selected` : ''}</span>
          </form>
          <table className="table comments-table">
            <caption className="visually-hidden">Comments, newest first</caption>
            <thead>
              <tr>
                <th scope="col" className="cell-check">
                  <input
                    type="checkbox"
                    id={ids.all}
                    checked={listing.allSelected}
                    onChange={() => listing.selectAll(!listing.allSelected)}
                    aria-label="Select all comments on this page"
                  />
                </th>
                <th scope="col">Author</th>
                <th scope="col">Comment</th>
                <th scope="col">In response to</th>
                <th scope="col">Submitted</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((c) => (
                <CommentRow
                  key={c.id}
                  comment={c}
                  when={formatDateTime(fromGmt(c.date_gmt), boot.site.timezone)}
                  postTitle={decodeEntities(c._embedded?.up?.[0]?.title?.rendered ?? '') || `Post ${c.post}`}
                  checked={selected.has(c.id)}
                  onCheck={(on) => listing.select(c.id, on)}
                  onAction={(a) => onRow(c, a)}
                  onReplied={(approvedParent) => {
                    setMessage(approvedParent ? 'The comment was approved and your reply published.' : 'Your reply was published.')
                    refresh()
                    commentsChanged()
                  }}
                  onEdited={() => {
                    setMessage(`The comment by ${c.author_name || 'Anonymous'} was updated.`)
                    refresh()
                  }}
                />
              ))}
            </tbody>
          </table>
          {result && result.pages > 1 && (
            <nav className="pagination" aria-label="Pages of comments">
              <span className="muted">{plural(result.total)} · page {page} of {result.pages}</span>
              <button type="button" className="btn" disabled={page <= 1} onClick={() => go({ paged: page - 1 })}>Previous</button>
              <button type="button" className="btn" disabled={page >= result.pages} onClick={() => go({ paged: page + 1 })}>Next</button>
            </nav>
          )}
        </>
      )}
      <Dialog
        open={confirm !== null}
        title={confirm && confirm.ids.length > 1 ? `Delete ${confirm.ids.length} comments for good?` : 'Delete this comment for good?'}
        onClose={() => setConfirm(null)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirm(null)}>Cancel</button>
            <button
              type="button"
              className="btn btn-danger"
              onClick={() => {
                const list = confirm!.ids
                setConfirm(null)
                void (list.length === 1
                  ? act('The comment was deleted permanently.', () => del(`/wp-json/wp/v2/comments/${list[0]}?force=true`))
                  : moderate(list, 'delete'))
              }}
            >
              Delete permanently
            </button>
          </>
        }
      >
        <p>Replies to it stay, moved up to its parent. This cannot be undone.</p>
      </Dialog>
    </div>
  )
}
