import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { errorMessage, request, wp } from '../api'
import { decodeEntities } from '../format'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { ACCEPTED_IMAGES, uploadMedia } from '../editor/media'
import { fileNameOf, type LibraryItem, thumbnailOf } from './library'
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
  const [page, setPage] = useState(1)
  const [loadingMore, setLoadingMore] = useState(false)
  const [uploading, setUploading] = useState(false)
  const [error, setError] = useState('')
  const file = useRef<HTMLInputElement>(null)
  const id = useId()

  const fetchPage = (n: number, signal?: AbortSignal) => request<LibraryItem[]>(wp('/media', { context: 'edit', media_type: 'image', per_page: PER_PAGE, page: n, search }), { signal })

  useEffect(() => {
    if (!open) return
    const ctrl = new AbortController()
    setItems(null)
    setError('')
    setPage(1)
    fetchPage(1, ctrl.signal).then(
      ({ data, headers }) => {
        setItems(data)
        setTotal(Number(headers.get('x-wp-total') ?? data.length))
      },
      (err: Error) => err.name !== 'AbortError' && setError(errorMessage(err)),
    )
    return () => ctrl.abort()
    // fetchPage depends only on search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, search])

  useEffect(() => {
    if (query.trim() === search) return
    const t = setTimeout(() => setSearch(query.trim()), 350)
    return () => clearTimeout(t)
  }, [query, search])

  async function loadMore() {
    setLoadingMore(true)
    try {
      const { data } = await fetchPage(page + 1)
      setItems((list) => [...(list ?? []), ...data.filter((d) => !list?.some((i) => i.id === d.id))])
      setPage(page + 1)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setLoadingMore(false)
    }
  }

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
        <input
          ref={file}
          type="file"
          accept={ACCEPTED_IMAGES}
          className="visually-hidden"
          tabIndex={-1}
          aria-hidden="true"
          data-testid="picker-input"
          onChange={(e) => {
            const f = e.target.files?.[0]
            if (f) void upload(f)
            e.target.value = ''
          }}
        />
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
          <div className="load-more">
            <p className="muted small" role="status">
              Showing {items.length} of {total} {total === 1 ? 'image' : 'images'}
            </p>
            {items.length < total && (
              <button type="button" className="btn" disabled={loadingMore} onClick={() => void loadMore()}>
                {loadingMore ? 'Loading…' : 'Load more'}
              </button>
            )}
          </div>
        </div>
      )}
    </Dialog>
  )
}
