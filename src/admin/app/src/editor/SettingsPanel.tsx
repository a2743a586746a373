import { useCallback, useEffect, useId, useRef, useState } from 'react'
import { errorMessage, get, wp } from '../api'
import { can } from '../boot'
import { useSession } from '../session'
import { Icon } from '../ui/Icon'
import { sizedUrl, uploadMedia, type WpMedia } from './media'
import type { Draft } from './draft'
import { CategoryPicker, TagInput, TagSuggestions, type WpTerm } from './terms'
import { decodeEntities } from '../format'
import { ImageFileInput } from '../media/ImageFileInput'
import { MediaPicker } from '../media/MediaPicker'

interface Props {
  type: 'post' | 'page'
  draft: Draft
  change: (changes: Partial<Draft>) => void
  permalink: string
  postId: number | null
  status: string
  onCategoryNames: (terms: WpTerm[]) => void
  onUnpublish: () => void
  onClose: () => void
  /** Counts saves, so what depends on the saved words (tag suggestions) is asked again. */
  saves: number
  onTagAccepted: (tag: { id: number; name: string }) => void
}

/** Everything about a post besides its words: address, excerpt, categories, tags, image, date and discussion. */
export function SettingsPanel({ type, draft, change, permalink, postId, status, onCategoryNames, onUnpublish, onClose, saves, onTagAccepted }: Props) {
  const { user } = useSession()
  const id = useId()
  const live = status === 'publish' || status === 'future' || status === 'private'
  return (
    <div className="settings">
      <div className="settings-head">
        <h2>{type === 'post' ? 'Post settings' : 'Page settings'}</h2>
        <button type="button" className="icon-btn" onClick={onClose}>
          <Icon name="close" />
          <span className="visually-hidden">Close settings</span>
        </button>
      </div>

      <div className="field">
        <label htmlFor={`${id}-slug`}>URL slug</label>
        <input id={`${id}-slug`} value={draft.slug} placeholder="made-from-the-title" onChange={(e) => change({ slug: e.target.value, slugEdited: true })} aria-describedby={`${id}-permalink`} />
        <p className="help permalink" id={`${id}-permalink`}>
          <span className="visually-hidden">Address: </span>
          {permalink}
        </p>
      </div>

      <div className="field">
        <label htmlFor={`${id}-date`}>Publish date</label>
        <input id={`${id}-date`} type="datetime-local" value={draft.date} onChange={(e) => change({ date: e.target.value })} aria-describedby={`${id}-date-help`} />
        <p className="help" id={`${id}-date-help`}>
          {draft.date ? (new Date(draft.date) > new Date() ? 'In the future: the post will be scheduled.' : 'The post shows this date.') : 'Empty: published as soon as you publish.'} Times are in your computer’s time zone.
          {draft.date && (
            <>
              {' '}
              <button type="button" className="link-btn" onClick={() => change({ date: '' })}>Clear</button>
            </>
          )}
        </p>
      </div>

      {type === 'post' && (
        <>
          <CategoryPicker value={draft.categories} onChange={(categories) => change({ categories })} canCreate={can(user, 'manage_categories')} onNames={onCategoryNames} />
          <TagInput value={draft.tags} onChange={(tags) => change({ tags })} />
          <TagSuggestions postId={postId} refresh={saves} onAccepted={onTagAccepted} />
        </>
      )}

      {can(user, type === 'post' ? 'edit_others_posts' : 'edit_others_pages') && <AuthorPicker value={draft.author || user.id} onChange={(author) => change({ author })} />}

      <fieldset className="fieldset">
        <legend>Visibility</legend>
        {(['public', 'private', 'password'] as const).map((v) => (
          <label className="check" key={v}>
            <input type="radio" name={`${id}-visibility`} value={v} checked={draft.visibility === v} onChange={() => change({ visibility: v })} />
            <span>{v === 'public' ? 'Public: everyone' : v === 'private' ? 'Private: only editors and administrators' : 'Password protected'}</span>
          </label>
        ))}
        {draft.visibility === 'password' && (
          <div className="field">
            <label htmlFor={`${id}-password`}>Password</label>
            <input id={`${id}-password`} value={draft.password} maxLength={255} autoComplete="off" onChange={(e) => change({ password: e.target.value })} />
          </div>
        )}
      </fieldset>

      {type === 'page' && <PageAttributes postId={postId} parent={draft.parent} order={draft.menu_order} change={change} />}

      <FeaturedImage value={draft.featured_media} onChange={(featured_media) => change({ featured_media })} postId={postId} />

      <div className="field">
        <label htmlFor={`${id}-excerpt`}>Excerpt</label>
        <textarea id={`${id}-excerpt`} rows={3} value={draft.excerpt} onChange={(e) => change({ excerpt: e.target.value })} aria-describedby={`${id}-excerpt-help`} />
        <p className="help" id={`${id}-excerpt-help`}>A short summary for lists, feeds and search results. Empty: the first words of the post.</p>
      </div>

      <fieldset className="fieldset">
        <legend>Options</legend>
        <label className="check">
          <input type="checkbox" checked={draft.comment_status === 'open'} onChange={(e) => change({ comment_status: e.target.checked ? 'open' : 'closed' })} />
          <span>Allow comments</span>
        </label>
        {type === 'post' && can(user, 'edit_others_posts') && (
          <label className="check">
            <input type="checkbox" checked={draft.sticky} onChange={(e) => change({ sticky: e.target.checked })} />
            <span>Feature on the front page (sticky)</span>
          </label>
        )}
      </fieldset>

      {live && (
        <div className="settings-danger">
          <button type="button" className="btn btn-block" onClick={onUnpublish}>
            Switch to draft
          </button>
          <p className="help">Takes the {type} off the site until you publish it again.</p>
        </div>
      )}
    </div>
  )
}

/** Who the post is by: anyone who may write, for editors and administrators. */
function AuthorPicker({ value, onChange }: { value: number; onChange: (id: number) => void }) {
  const [users, setUsers] = useState<{ id: number; name: string }[]>([])
  const id = useId()
  useEffect(() => {
    get<{ id: number; name: string }[]>(wp('/users', { who: 'authors', per_page: 100, orderby: 'name' })).then(setUsers, () => {})
  }, [])
  return (
    <div className="field">
      <label htmlFor={id}>Author</label>
      <select id={id} value={value} onChange={(e) => onChange(Number(e.target.value))}>
        {!users.some((u) => u.id === value) && <option value={value}>…</option>}
        {users.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
      </select>
    </div>
  )
}

/** A page's parent and its order among its siblings (WordPress's Page Attributes). */
function PageAttributes({ postId, parent, order, change }: { postId: number | null; parent: number; order: number; change: (c: Partial<Draft>) => void }) {
  const [pages, setPages] = useState<{ id: number; title: { rendered: string }; parent: number }[]>([])
  const id = useId()
  useEffect(() => {
    get<{ id: number; title: { rendered: string }; parent: number }[]>(wp('/pages', { per_page: 100, status: 'publish,draft,private,future,pending', orderby: 'title', order: 'asc', context: 'edit', _fields: 'id,title,parent' })).then(setPages, () => {})
  }, [])
  // A page cannot sit under itself or under one of its own descendants.
  const excluded = new Set<number>(postId ? [postId] : [])
  for (let grew = true; grew; ) {
    grew = false
    for (const p of pages) if (excluded.has(p.parent) && !excluded.has(p.id)) (excluded.add(p.id), (grew = true))
  }
  return (
    <div className="field-row">
      <div className="field">
        <label htmlFor={`${id}-parent`}>Parent page</label>
        <select id={`${id}-parent`} value={parent} onChange={(e) => change({ parent: Number(e.target.value) })}>
          <option value={0}>(no parent)</option>
          {pages.filter((p) => !excluded.has(p.id)).map((p) => <option key={p.id} value={p.id}>{decodeEntities(p.title.rendered) || `(no title #${p.id})`}</option>)}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${id}-order`}>Order</label>
        <input id={`${id}-order`} type="number" step={1} value={order} onChange={(e) => change({ menu_order: Math.trunc(Number(e.target.value) || 0) })} />
      </div>
    </div>
  )
}

function FeaturedImage({ value, onChange, postId }: { value: number; onChange: (id: number) => void; postId: number | null }) {
  const [media, setMedia] = useState<WpMedia | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [picking, setPicking] = useState(false)
  const file = useRef<HTMLInputElement>(null)
  const load = useCallback(async (mediaId: number) => {
    try {
      setMedia(await get<WpMedia>(wp(`/media/${mediaId}`, { context: 'edit' })))
    } catch (err) {
      setError(errorMessage(err))
    }
  }, [])
  useEffect(() => {
    if (value && media?.id !== value) void load(value)
    if (!value) setMedia(null)
  }, [value, media, load])

  async function upload(f: File) {
    setBusy(true)
    setError('')
    try {
      const m = await uploadMedia(f, postId ? { post: postId } : {})
      setMedia(m)
      onChange(m.id)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <div className="field">
      <span className="label">Featured image</span>
      {media && value ? (
        <div className="featured">
          <img src={sizedUrl(media)} alt={media.alt_text || 'Featured image'} />
          <div className="row">
            <button type="button" className="btn btn-small" onClick={() => setPicking(true)}>Replace</button>
            <button type="button" className="btn btn-small" onClick={() => onChange(0)}>Remove</button>
          </div>
        </div>
      ) : (
        <>
          <button type="button" className="dropzone" onClick={() => file.current?.click()} disabled={busy}>
            <Icon name="image" size={20} />
            {busy ? 'Uploading…' : 'Upload a featured image'}
          </button>
          <button type="button" className="btn btn-small featured-library" onClick={() => setPicking(true)}>Choose from the library</button>
        </>
      )}
      <MediaPicker
        open={picking}
        title="Featured image"
        postId={postId}
        onClose={() => setPicking(false)}
        onChoose={(item) => {
          setPicking(false)
          setError('')
          setMedia(item)
          onChange(item.id)
        }}
      />
      <ImageFileInput ref={file} onFile={(f) => void upload(f)} />
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  )
}
