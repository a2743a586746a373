import { useEffect, useId, useMemo, useRef, useState } from 'react'
import { errorMessage, get, wp } from '../api'
import { formatDateTime, fromGmt } from '../format'
import { Notice, Spinner } from '../ui/Notice'
import { countChanges, diffWords, type DiffPart, textOfHtml } from './diff'

export interface WpRevision {
  id: number
  author: number
  date_gmt: string
  title: { raw: string; rendered: string }
  content: { raw: string; rendered: string }
}

const plain = (html: string) => new DOMParser().parseFromString(`<!doctype html><body>${html}`, 'text/html').body.textContent ?? ''

/**
 * The post's saved versions, newest first, each with its date and author; choosing one shows what differs from
 * the text in the editor now (words added and removed), and Restore brings it back as a new version.
 */
export function RevisionsDialog({ open, onClose, rest, postId, current, timezone, onRestore }: {
  open: boolean
  onClose: () => void
  rest: string
  postId: number
  current: { title: string; content: string }
  timezone: string
  onRestore: (revision: WpRevision) => void
}) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  const [revisions, setRevisions] = useState<WpRevision[] | null>(null)
  // Authors' names by id; null while they are asked for (a name not found then is an unknown author).
  const [names, setNames] = useState<Map<number, string> | null>(null)
  const [chosen, setChosen] = useState(0)
  const [error, setError] = useState('')

  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (open && !el.open) el.showModal()
    if (!open && el.open) el.close()
  }, [open])

  useEffect(() => {
    if (!open) return
    const ctrl = new AbortController()
    setRevisions(null)
    setNames(null)
    setError('')
    get<WpRevision[]>(wp(`/${rest}/${postId}/revisions`, { context: 'edit', per_page: 100 }), ctrl.signal).then(
      (list) => {
        setRevisions(list)
        setChosen(list[1]?.id ?? list[0]?.id ?? 0)
        const authors = [...new Set(list.map((r) => r.author).filter(Boolean))]
        if (!authors.length) setNames(new Map())
        else get<{ id: number; name: string }[]>(wp('/users', { include: authors.join(','), who: 'authors', per_page: 100 }), ctrl.signal).then((users) => setNames(new Map(users.map((u) => [u.id, u.name]))), () => setNames(new Map()))
      },
      (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)),
    )
    return () => ctrl.abort()
  }, [open, rest, postId])

  const revision = revisions?.find((r) => r.id === chosen)
  const diff = useMemo(() => {
    if (!revision) return null
    const body = diffWords(textOfHtml(revision.content.raw, plain), textOfHtml(current.content, plain))
    return { title: diffWords(revision.title.raw, current.title), body, counts: countChanges(body) }
  }, [revision, current])
  const unchanged = diff !== null && diff.counts.added === 0 && diff.counts.removed === 0 && revision?.title.raw === current.title

  return (
    <dialog ref={ref} className="dialog dialog-wide" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={(e) => (e.preventDefault(), onClose())}>
      {open && (
        <div className="dialog-body">
          <h2 id={`${id}-title`}>Revisions</h2>
          {error && <Notice>{error}</Notice>}
          {!revisions && !error && <Spinner label="Loading revisions" />}
          {revisions && (
            <div className="revisions">
              <ol className="revision-list" aria-label="Saved versions, newest first">
                {revisions.map((r, i) => (
                  <li key={r.id}>
                    <button type="button" className="revision-item" aria-pressed={r.id === chosen} onClick={() => setChosen(r.id)}>
                      <span className="revision-date">{formatDateTime(fromGmt(r.date_gmt), timezone)}</span>
                      <span className="muted small">{names === null ? '' : (names.get(r.author) ?? 'Unknown author')}{i === 0 ? ' · latest' : ''}</span>
                    </button>
                  </li>
                ))}
              </ol>
              <section className="revision-diff" aria-label="Changes from this version to the text in the editor">
                {diff && (
                  <>
                    <p className="muted small">
                      From this version to the editor now: <span className="diff-count-added">+{diff.counts.added}</span> <span className="diff-count-removed">−{diff.counts.removed}</span> words
                      {unchanged ? ' (the same text)' : ''}
                    </p>
                    <h3 className="diff-title"><Parts parts={diff.title} /></h3>
                    <div className="diff-body"><Parts parts={diff.body} /></div>
                  </>
                )}
              </section>
            </div>
          )}
          <div className="dialog-actions">
            <button type="button" className="btn" onClick={onClose}>Close</button>
            <button type="button" className="btn btn-primary" disabled={!revision || unchanged} onClick={() => revision && onRestore(revision)}>
              Restore this version
            </button>
          </div>
        </div>
      )}
    </dialog>
  )
}

function Parts({ parts }: { parts: DiffPart[] }) {
  return (
    <>
      {parts.map((p, i) =>
        p.kind === 'added' ? <ins key={i}>{p.text}</ins> : p.kind === 'removed' ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>,
      )}
    </>
  )
}
