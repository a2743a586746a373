import { type FormEvent, useId, useState } from 'react'
import { errorMessage, post } from '../api'
import { Link } from '../router'
import type { WpComment } from './types'

export type RowAction = 'approve' | 'unapprove' | 'spam' | 'unspam' | 'trash' | 'restore' | 'delete'

interface Props {
  comment: WpComment
  when: string
  postTitle: string
  checked: boolean
  onCheck: (on: boolean) => void
  onAction: (action: RowAction) => void
  onReplied: (approvedParent: boolean) => void
  onEdited: () => void
}

/** One comment of the queue: who wrote it (email and IP: moderators only), the words, and what can be done to it. */
export function CommentRow({ comment: c, when, postTitle, checked, onCheck, onAction, onReplied, onEdited }: Props) {
  const [mode, setMode] = useState<'view' | 'reply' | 'edit'>('view')
  const by = c.author_name || 'Anonymous'
  const parent = c._embedded?.['in-reply-to']?.[0]
  const live = c.status === 'approved' || c.status === 'hold'
  const hidden = (what: string) => <span className="visually-hidden"> {what}</span>
  const about = `the comment by ${by}`

  const button = (action: RowAction, label: string, danger = false) => (
    <button type="button" className={`link-btn${danger ? ' danger' : ''}`} onClick={() => onAction(action)}>
      {label}
      {hidden(about)}
    </button>
  )

  return (
    <tr className={c.status === 'hold' ? 'comment-pending' : undefined}>
      <td className="cell-check">
        <input type="checkbox" checked={checked} onChange={(e) => onCheck(e.target.checked)} aria-label={`Select ${about}`} />
      </td>
      <td className="cell-author" data-label="Author">
        <strong>{by}</strong>
        {c.author_url && (
          <a href={c.author_url} target="_blank" rel="noopener nofollow ugc" className="small comment-url">
            {c.author_url.replace(/^https?:\/\//, '').replace(/\/$/, '')}
          </a>
        )}
        {c.author_email && <a href={`mailto:${c.author_email}`} className="small">{c.author_email}</a>}
        {c.author_ip && <span className="muted small comment-ip">{c.author_ip}</span>}
      </td>
      <td className="cell-comment">
        {c.status !== 'approved' && <span className={`badge badge-comment-${c.status}`}>{{ hold: 'Pending', spam: 'Spam', trash: 'Trash', approved: '' }[c.status]}</span>}
        {parent && (
          <p className="muted small in-reply">
            In reply to <a href={`#comment-row-${parent.id}`}>{parent.author_name || 'Anonymous'}</a>
          </p>
        )}
        {mode === 'edit' ? (
          <EditForm comment={c} onCancel={() => setMode('view')} onSaved={() => (setMode('view'), onEdited())} />
        ) : (
          <div className="comment-text" id={`comment-row-${c.id}`} dangerouslySetInnerHTML={{ __html: c.content.rendered }} />
        )}
        {mode !== 'edit' && (
          <div className="row-actions">
            {c.status === 'hold' && button('approve', 'Approve')}
            {c.status === 'approved' && button('unapprove', 'Unapprove')}
            {live && (
              <button type="button" className="link-btn" aria-expanded={mode === 'reply'} onClick={() => setMode(mode === 'reply' ? 'view' : 'reply')}>
                Reply{hidden(`to ${by}`)}
              </button>
            )}
            {live && (
              <button type="button" className="link-btn" onClick={() => setMode('edit')}>
                Edit{hidden(about)}
              </button>
            )}
            {live && button('spam', 'Spam', true)}
            {live && button('trash', 'Trash', true)}
            {c.status === 'spam' && button('unspam', 'Not spam')}
            {c.status === 'trash' && button('restore', 'Restore')}
            {(c.status === 'spam' || c.status === 'trash') && button('delete', 'Delete permanently', true)}
          </div>
        )}
        {mode === 'reply' && <ReplyForm comment={c} onCancel={() => setMode('view')} onDone={() => (setMode('view'), onReplied(c.status === 'hold'))} />}
      </td>
      <td className="cell-post" data-label="In response to">
        <Link to={`/admin/posts/${c.post}`}>{postTitle}</Link>
        <a href={c.link} target="_blank" rel="noopener" className="small">
          View{hidden(`${about} on the site`)}
        </a>
      </td>
      <td className="cell-date" data-label="Submitted">
        {when}
      </td>
    </tr>
  )
}

function ReplyForm({ comment: c, onCancel, onDone }: { comment: WpComment; onCancel: () => void; onDone: () => void }) {
  const id = useId()
  const [text, setText] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      await post(`/admin/api/comments/${c.id}/reply`, { content: text })
      onDone()
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <label htmlFor={id}>Reply to {c.author_name || 'Anonymous'}</label>
      <textarea id={id} rows={3} value={text} onChange={(e) => setText(e.target.value)} autoFocus required />
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy || !text.trim()}>
          {c.status === 'hold' ? 'Approve and reply' : 'Reply'}
        </button>
        <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}

function EditForm({ comment: c, onCancel, onSaved }: { comment: WpComment; onCancel: () => void; onSaved: () => void }) {
  const id = useId()
  const [fields, setFields] = useState({ content: c.content.raw, author_name: c.author_name, author_email: c.author_email, author_url: c.author_url })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const set = (k: keyof typeof fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [k]: e.target.value }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      await post(`/wp-json/wp/v2/comments/${c.id}`, fields)
      onSaved()
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }
  return (
    <form className="inline-form" onSubmit={submit}>
      <div className="field">
        <label htmlFor={`${id}-content`}>Comment</label>
        <textarea id={`${id}-content`} rows={4} value={fields.content} onChange={set('content')} autoFocus required />
      </div>
      <div className="inline-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} value={fields.author_name} onChange={set('author_name')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" value={fields.author_email} onChange={set('author_email')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-url`}>Website</label>
          <input id={`${id}-url`} type="url" value={fields.author_url} onChange={set('author_url')} />
        </div>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="row">
        <button type="submit" className="btn btn-primary btn-small" disabled={busy}>Update comment</button>
        <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}
