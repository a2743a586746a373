import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react'
import { errorMessage } from '../api'
import { decodeEntities } from '../format'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { uploadMedia } from '../editor/media'
import { ImageFileInput } from './ImageFileInput'
import { fetchMedia, fileNameOf, type LibraryItem, thumbnailOf, useLoadMore } from './library'
import { LoadMore } from './LoadMore'
import './media.css'

const PER_PAGE = 30

/** The caption an item has in the library, as plain text (what a figure's caption holds). */
export const captionOf = (item: LibraryItem) => decodeEntities((item.caption.raw ?? item.caption.rendered).replace(/<[^>]*>/g, '')).trim()

interface Props {
  open: boolean
  /** The dialog's name, e.g. "Insert an image". */
  title: string
  /** Attach uploads to this post. */
  postId: number | null
  onClose: () => void
  onChoose: (item: LibraryItem) => void
}

/** A dialog over the media library's images: search, load more, or upload one; choosing an image hands it back. */
export function MediaPicker({ open, title, postId, onClose, onChoose }: Props) {
  const [query, setQuery] = useState('')
  const [search, setSearch] = useState('')
  const [items, setItems] = useState<LibraryItem[] | null>(null)
  const [total, setTotal] = useState(0)
  const [uploading, setUploading] = useState(false)
  const [error, setError] = useState('')
  const file = useRef<HTMLInputElement>(null)
  const id = useId()

  const fetchPage = useCallback((n: number, signal?: AbortSignal) => fetchMedia({ type: 'image', search }, PER_PAGE, n, signal), [search])
  const paging = useLoadMore(fetchPage, (f) => setItems((list) => f(list ?? [])), setError)
  const { restart } = paging

  useEffect(() => {
    if (!open) return
    const ctrl = new AbortController()
    setItems(null)
    setError('')
    restart()
    fetchPage(1, ctrl.signal).then(
      (first) => {
        setItems(first.items)
        setTotal(first.total)
      },
      (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)),
    )
    return () => ctrl.abort()
  }, [open, fetchPage, restart])

  useEffect(() => {
    if (query.trim() === search) return
    const t = setTimeout(() => setSearch(query.trim()), 350)
    return () => clearTimeout(t)
  }, [query, search])

  async function upload(f: File) {
    setUploading(true)
    setError('')
    try {
      // The REST answer to an upload is the item in the edit context, as the list gives it.
      onChoose((await uploadMedia(f, postId ? { post: postId } : {})) as unknown as LibraryItem)
    } catch (err) {
      setError(`The image could not be uploaded: ${errorMessage(err)}`)
    } finally {
      setUploading(false)
    }
  }

  const nameOf = (item: LibraryItem) => decodeEntities(item.title.rendered) || fileNameOf(item)

  return (
    <Dialog open={open} title={title} onClose={onClose} className="dialog media-picker" actions={<button type="button" className="btn" onClick={onClose}>Cancel</button>}>
      <div className="media-picker-head">
        <button type="button" className="btn" onClick={() => file.current?.click()} disabled={uploading}>
          <Icon name="upload" size={16} /> {uploading ? 'Uploading…' : 'Upload an image'}
        </button>
        <ImageFileInput ref={file} testId="picker-input" onFile={(f) => void upload(f)} />
        <form className="search" role="search" onSubmit={(e: FormEvent) => (e.preventDefault(), setSearch(query.trim()))}>
          <label htmlFor={id} className="visually-hidden">Search images</label>
          <Icon name="search" size={16} />
          <input id={id} type="search" placeholder="Search images" value={query} onChange={(e) => setQuery(e.target.value)} />
        </form>
      </div>
      {error && <Notice>{error}</Notice>}
      {!items && !error && <Spinner label="Loading images" />}
      {items && items.length === 0 && <p className="muted">{search ? 'No images match.' : 'The library has no images yet: upload one.'}</p>}
      {items && items.length > 0 && (
        <div className="media-picker-scroll">
          <ul className="media-grid" aria-label="Images">
            {items.map((item) => (
              <li key={item.id}>
                <button type="button" className="media-tile" onClick={() => onChoose(item)} title={nameOf(item)}>
                  <img src={thumbnailOf(item) ?? item.source_url} alt="" loading="lazy" />
                  <span className="visually-hidden">{nameOf(item)}</span>
                </button>
              </li>
            ))}
          </ul>
          <LoadMore
            shown={items.length}
            total={total}
            status={`Showing ${items.length} of ${total} ${total === 1 ? 'image' : 'images'}`}
            className="muted small"
            loading={paging.loading}
            onMore={() => void paging.loadMore()}
          />
        </div>
      )}
    </Dialog>
  )
}
