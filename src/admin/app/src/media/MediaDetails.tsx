import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { del, errorMessage, get, post } from '../api'
import { can } from '../boot'
import { decodeEntities, formatDateTime, fromGmt } from '../format'
import { Link } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice } from '../ui/Notice'
import { fileNameOf, formatBytes, type LibraryItem, type MediaUsage } from './library'

/** One item's details in a modal panel: preview, facts, sizes, the fields to describe it, copy and delete. */
export function MediaDetails({ item, onClose, onSaved, onDeleted }: { item: LibraryItem; onClose: () => void; onSaved: (item: LibraryItem) => void; onDeleted: (item: LibraryItem) => void }) {
  const { boot, user } = useSession()
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const [title, setTitle] = useState(item.title.raw ?? decodeEntities(item.title.rendered))
  const [alt, setAlt] = useState(item.alt_text)
  const [caption, setCaption] = useState(item.caption.raw ?? '')
  const [saving, setSaving] = useState(false)
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null)
  const [copied, setCopied] = useState(false)
  const [usage, setUsage] = useState<MediaUsage | null>(null)
  const [confirming, setConfirming] = useState(false)
  const [deleting, setDeleting] = useState(false)

  useEffect(() => {
    const el = ref.current
    if (el && !el.open) el.showModal()
  }, [])

  const image = item.media_type === 'image'
  const details = item.media_details
  const sizes = Object.entries(details.sizes ?? {}).sort(([, a], [, b]) => a.width - b.width)
  const preview = image ? (Object.values(details.sizes ?? {}).filter((s) => s.width <= 1024).sort((a, b) => b.width - a.width)[0]?.source_url ?? item.source_url) : null
  const mayDelete = can(user, item.author === user.id ? 'delete_posts' : 'delete_others_posts')
  const mayEdit = item.author === user.id || can(user, 'edit_others_posts')

  async function save(e: FormEvent) {
    e.preventDefault()
    setSaving(true)
    setNotice(null)
    try {
      const saved = await post<LibraryItem>(`/wp-json/wp/v2/media/${item.id}`, { title, caption, ...(image ? { alt_text: alt } : {}) })
      onSaved(saved)
      setNotice({ kind: 'success', text: 'Saved.' })
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) })
    } finally {
      setSaving(false)
    }
  }

  async function copy() {
    try {
      await navigator.clipboard.writeText(item.source_url)
    } catch {
      // Without clipboard permission, select the address so the person can copy it themselves.
      const field = document.getElementById(`${id}-url`) as HTMLInputElement | null
      field?.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2500)
  }

  async function askDelete() {
    setNotice(null)
    try {
      setUsage(await get<MediaUsage>(`/admin/api/media/${item.id}/usage`))
      setConfirming(true)
    } catch (err) {
      setNotice({ kind: 'error', text: errorMessage(err) })
    }
  }

  async function remove() {
    setDeleting(true)
    try {
      await del(`/wp-json/wp/v2/media/${item.id}?force=true`)
      setConfirming(false)
      ref.current?.close()
      onDeleted(item)
    } catch (err) {
      setConfirming(false)
      setNotice({ kind: 'error', text: errorMessage(err) })
    } finally {
      setDeleting(false)
    }
  }

  const facts: [string, string][] = [
    ['File name', fileNameOf(item)],
    ['File type', item.mime_type],
    ['File size', formatBytes(details.filesize)],
    ...(image && details.width ? ([['Dimensions', `${details.width} × ${details.height} pixels`]] as [string, string][]) : []),
    ['Uploaded on', formatDateTime(fromGmt(item.date_gmt), boot.site.timezone)],
  ]
  const uses = usage?.uses ?? []

  return (
    // Closing goes through the dialog itself (Escape, the close button), so the browser returns focus to the item.
    <dialog ref={ref} className="media-panel" aria-labelledby={`${id}-title`} onClose={onClose}>
      <div className="media-panel-head">
        <h2 id={`${id}-title`}>Attachment details</h2>
        <button type="button" className="icon-btn" onClick={() => ref.current?.close()}>
          <Icon name="close" />
          <span className="visually-hidden">Close</span>
        </button>
      </div>
      <div className="media-panel-body">
        <div className="media-preview">
          {preview ? <img src={preview} alt={item.alt_text} /> : <a href={item.source_url} target="_blank" rel="noopener" className="media-doc"><Icon name="file" size={40} /><span>Open {fileNameOf(item)}</span></a>}
        </div>
        <div className="media-info">
          <dl className="media-facts">
            {facts.map(([k, v]) => (
              <div key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
          {sizes.length > 0 && (
            <details className="media-sizes">
              <summary>Sizes ({sizes.length})</summary>
              <ul>
                {sizes.map(([name, s]) => (
                  <li key={name}>
                    <span className="size-name">{name}</span> <span className="muted">{s.width} × {s.height}</span>{' '}
                    <a href={s.source_url} target="_blank" rel="noopener">{s.file}</a>
                  </li>
                ))}
              </ul>
            </details>
          )}
          <form className="stack media-form" onSubmit={save}>
            {image && (
              <div className="field">
                <label htmlFor={`${id}-alt`}>Alternative text</label>
                <textarea id={`${id}-alt`} rows={2} value={alt} disabled={!mayEdit} onChange={(e) => setAlt(e.target.value)} aria-describedby={`${id}-alt-help`} />
                <p className="help" id={`${id}-alt-help`}>Describe the image for people who cannot see it. Leave empty if it is only decoration.</p>
              </div>
            )}
            <div className="field">
              <label htmlFor={`${id}-title-field`}>Title</label>
              <input id={`${id}-title-field`} value={title} disabled={!mayEdit} onChange={(e) => setTitle(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-caption`}>Caption</label>
              <textarea id={`${id}-caption`} rows={2} value={caption} disabled={!mayEdit} onChange={(e) => setCaption(e.target.value)} />
            </div>
            <div className="field">
              <label htmlFor={`${id}-url`}>File URL</label>
              <div className="row media-url">
                <input id={`${id}-url`} value={item.source_url} readOnly onFocus={(e) => e.target.select()} />
                <button type="button" className="btn" onClick={() => void copy()}>
                  <Icon name="copy" size={16} /> {copied ? 'Copied' : 'Copy URL'}
                </button>
              </div>
              <span className="visually-hidden" role="status">{copied ? 'The address was copied.' : ''}</span>
            </div>
            {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
            <div className="row">
              {mayEdit && <button type="submit" className="btn btn-primary" disabled={saving}>{saving ? 'Saving…' : 'Save'}</button>}
              <a href={item.source_url} target="_blank" rel="noopener" className="btn btn-ghost">View file</a>
              <span className="spacer" />
              {mayDelete && (
                <button type="button" className="link-btn danger" onClick={() => void askDelete()}>
                  Delete permanently
                </button>
              )}
            </div>
          </form>
        </div>
      </div>
      <Dialog
        open={confirming}
        title="Delete this file for good?"
        onClose={() => setConfirming(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirming(false)}>Cancel</button>
            <button type="button" className="btn btn-danger" disabled={deleting} onClick={() => void remove()}>Delete permanently</button>
          </>
        }
      >
        {uses.length > 0 || (usage?.hidden ?? 0) > 0 ? (
          <div className="usage-warning">
            <p><strong>This file is in use.</strong> Deleting it leaves these without it:</p>
            <ul>
              {uses.map((u) => (
                <li key={u.id}>
                  <Link to={`/admin/${u.type === 'page' ? 'pages' : 'posts'}/${u.id}`}>{u.title || '(no title)'}</Link>{' '}
                  <span className="muted">({[u.featured && 'featured image', u.inContent && 'in the content'].filter(Boolean).join(', ')}{u.status !== 'publish' ? `, ${u.status}` : ''})</span>
                </li>
              ))}
              {(usage?.hidden ?? 0) > 0 && <li>{usage!.hidden} other unpublished {usage!.hidden === 1 ? 'item' : 'items'} by other people</li>}
            </ul>
          </div>
        ) : (
          <p>No post or page uses this file.</p>
        )}
        <p>“{fileNameOf(item)}” and all its sizes will be deleted. This cannot be undone.</p>
      </Dialog>
    </dialog>
  )
}
