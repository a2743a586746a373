import { useEffect, useState } from 'react'
import { errorMessage, get, post } from '../api'
import { can } from '../boot'
import { ago, decodeEntities, fromGmt } from '../format'
import { Link } from '../router'
import { useSession } from '../session'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { ActivityChart, type DayActivity } from './ActivityChart'
import { commentsChanged } from '../comments/types'

interface Summary {
  counts: { published: number; drafts: number; pending: number; scheduled: number; comments_pending: number }
  recent_drafts: { id: number; title: string; modified_gmt: string; excerpt: string }[]
  recent_comments: { id: number; post: number; post_title: string; author_name: string; date_gmt: string; status: string; excerpt: string }[]
  activity: DayActivity[]
}

export function Dashboard() {
  const { user, boot } = useSession()
  const [summary, setSummary] = useState<Summary | null>(null)
  const [error, setError] = useState('')
  const [moderated, setModerated] = useState<Record<number, string>>({})
  const writer = can(user, 'edit_posts')

  useEffect(() => {
    document.title = `Dashboard · ${boot.site.title}`
    if (!writer) return
    const ctrl = new AbortController()
    get<Summary>('/admin/api/dashboard', ctrl.signal).then(setSummary, (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)))
    return () => ctrl.abort()
  }, [writer, boot.site.title])

  /** Approve, unapprove, spam or trash a comment from the dashboard, through the REST API. */
  async function moderate(id: number, status: 'approve' | 'hold' | 'spam' | 'trash', done: string) {
    setError('')
    try {
      await post(`/wp-json/wp/v2/comments/${id}`, { status })
      commentsChanged()
      // The comment stays in place with what was done to it; the counts follow.
      setModerated((m) => ({ ...m, [id]: done }))
      setSummary((s) => {
        if (!s) return s
        const was = s.recent_comments.find((c) => c.id === id)?.status
        const delta = (was === 'pending' ? -1 : 0) + (status === 'hold' ? 1 : 0)
        const next = status === 'approve' ? 'approved' : status === 'hold' ? 'pending' : status
        return {
          ...s,
          counts: { ...s.counts, comments_pending: Math.max(0, s.counts.comments_pending + delta) },
          recent_comments: s.recent_comments.map((c) => (c.id === id ? { ...c, status: next } : c)),
        }
      })
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const hour = new Date().getHours()
  const greeting = hour < 12 ? 'Good morning' : hour < 18 ? 'Good afternoon' : 'Good evening'
  const firstName = user.name.split(/\s+/)[0]

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Dashboard</h1>
          <p className="page-sub">
            {greeting}, {firstName}.
          </p>
        </div>
        {writer && (
          <Link to="/admin/posts/new" className="btn btn-primary">
            <Icon name="plus" size={16} /> New post
          </Link>
        )}
      </header>
      {!writer && (
        <Notice kind="info">
          You are signed in as a {user.role_name.toLowerCase()}. Change your name, password and application passwords on <Link to="/admin/profile">your profile</Link>, or{' '}
          <a href={boot.site.url}>read the site</a>.
        </Notice>
      )}
      {error && <Notice>{error}</Notice>}
      {writer && !summary && !error && <Spinner label="Loading the dashboard" />}
      {summary && (
        <>
          <section aria-label="At a glance" className="stats">
            <Stat label="Published" value={summary.counts.published} to="/admin/posts?status=publish" />
            <Stat label="Drafts" value={summary.counts.drafts} to="/admin/posts?status=draft" />
            <Stat label="Pending review" value={summary.counts.pending} to="/admin/posts?status=pending" />
            <Stat label="Comments to moderate" value={summary.counts.comments_pending} highlight={summary.counts.comments_pending > 0} to={can(user, 'edit_published_posts') ? '/admin/comments?status=pending' : undefined} />
          </section>
          <section className="card" aria-labelledby="activity-title">
            <div className="card-head">
              <h2 id="activity-title">Activity</h2>
              <span className="muted">Last 30 days</span>
            </div>
            <ActivityChart data={summary.activity} />
          </section>
          <div className="grid-2">
            <section className="card" aria-labelledby="drafts-title">
              <div className="card-head">
                <h2 id="drafts-title">Your recent drafts</h2>
                <Link to="/admin/posts?status=draft" className="small-link">All drafts</Link>
              </div>
              {summary.recent_drafts.length === 0 ? (
                <p className="muted empty-line">No drafts. <Link to="/admin/posts/new">Start writing</Link></p>
              ) : (
                <ul className="item-list">
                  {summary.recent_drafts.map((d) => (
                    <li key={d.id}>
                      <Link to={`/admin/posts/${d.id}`} className="item-title">{d.title || '(no title)'}</Link>
                      <span className="muted small">Edited {ago(fromGmt(d.modified_gmt))}</span>
                      {d.excerpt && <p className="item-excerpt">{d.excerpt}</p>}
                    </li>
                  ))}
                </ul>
              )}
            </section>
            <section className="card" aria-labelledby="comments-title">
              <div className="card-head">
                <h2 id="comments-title">Recent comments</h2>
              </div>
              {summary.recent_comments.length === 0 ? (
                <p className="muted empty-line">No comments yet.</p>
              ) : (
                <ul className="item-list">
                  {summary.recent_comments.map((c) => (
                    <li key={c.id}>
                      <span className="item-title">
                        {c.author_name || 'Anonymous'}
                        {c.status === 'pending' && <span className="badge badge-pending">Pending</span>}
                      </span>
                      <span className="muted small">
                        {ago(fromGmt(c.date_gmt))} · on <a href={`/?p=${c.post}`} target="_blank" rel="noopener">{c.post_title ? decodeEntities(c.post_title) : 'the post'}</a>
                      </span>
                      <p className="item-excerpt">{c.excerpt}</p>
                      {moderated[c.id] ? (
                        <p className="moderated small" role="status">
                          <Icon name="check" size={14} /> {moderated[c.id]}
                        </p>
                      ) : (
                        <div className="row-actions">
                          {c.status === 'pending' ? (
                            <button type="button" className="link-btn" onClick={() => moderate(c.id, 'approve', 'Approved.')}>
                              Approve<span className="visually-hidden"> the comment by {c.author_name}</span>
                            </button>
                          ) : (
                            <button type="button" className="link-btn" onClick={() => moderate(c.id, 'hold', 'Unapproved: back in the queue.')}>
                              Unapprove<span className="visually-hidden"> the comment by {c.author_name}</span>
                            </button>
                          )}
                          <button type="button" className="link-btn danger" onClick={() => moderate(c.id, 'spam', 'Marked as spam.')}>
                            Spam<span className="visually-hidden"> (comment by {c.author_name})</span>
                          </button>
                          <button type="button" className="link-btn danger" onClick={() => moderate(c.id, 'trash', 'Moved to the trash.')}>
                            Trash<span className="visually-hidden"> (comment by {c.author_name})</span>
                          </button>
                        </div>
                      )}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </div>
        </>
      )}
    </div>
  )
}

function Stat({ label, value, to, highlight }: { label: string; value: number; to?: string; highlight?: boolean }) {
  const body = (
    <>
      <span className="stat-value">{value.toLocaleString()}</span>
      <span className="stat-label">{label}</span>
    </>
  )
  return to ? (
    <Link to={to} className={`stat${highlight ? ' stat-highlight' : ''}`}>
      {body}
    </Link>
  ) : (
    <div className={`stat${highlight ? ' stat-highlight' : ''}`}>{body}</div>
  )
}
