import { EditorContent, useEditor } from '@tiptap/react'
import { NodeSelection, TextSelection } from '@tiptap/pm/state'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { errorMessage, get, request, wp } from '../api'
import { can } from '../boot'
import { decodeEntities, formatDateTime, formatTime, fromGmt } from '../format'
import type { WpPost } from '../posts/types'
import { Link, useRouter } from '../router'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { type Draft, draftOf, emptyDraft, payloadOf } from './draft'
import { editorExtensions, savedHtml } from './extensions'
import type { FigureAttrs } from './figure'
import { RevisionsDialog, type WpRevision } from './revisions'
import { uploadMedia } from './media'
import { captionOf, MediaPicker } from '../media/MediaPicker'
import type { LibraryItem } from '../media/library'
import { permalinkPreview, slugify } from './permalink'
import { SettingsPanel } from './SettingsPanel'
import type { WpTerm } from './terms'
import { Toolbar } from './Toolbar'
import './editor.css'

type Confirm = 'publish' | 'schedule' | 'submit' | 'update' | 'unpublish'
type SaveState = { kind: 'idle' } | { kind: 'saving' } | { kind: 'saved'; at: Date } | { kind: 'error'; message: string }

const AUTOSAVE_MS = 2500
const LIVE = ['publish', 'future', 'private']
const isEmptyHtml = (html: string) => html === '' || html === '<p></p>'

/** The post editor: title, rich body, settings; saves through the REST API, drafts autosave. */
export default function EditorScreen({ id, type = 'post' }: { id: number | null; type?: 'post' | 'page' }) {
  const { boot, user } = useSession()
  const base = type === 'post' ? '/admin/posts' : '/admin/pages'
  const rest = type === 'post' ? 'posts' : 'pages'
  const { navigate } = useRouter()
  const [postId, setPostId] = useState(id)
  const [status, setStatus] = useState(id === null ? 'new' : '')
  const [link, setLink] = useState('')
  const [loadError, setLoadError] = useState('')
  const [draft, setDraft] = useState<Draft>(emptyDraft)
  const [savedPrint, setSavedPrint] = useState('')
  const [save, setSave] = useState<SaveState>({ kind: 'idle' })
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string; link?: string } | null>(null)
  const [confirm, setConfirm] = useState<Confirm | null>(null)
  const [settingsOpen, setSettingsOpen] = useState(() => window.matchMedia('(min-width: 1100px)').matches)
  const [categoryNames, setCategoryNames] = useState<WpTerm[]>([])
  const [uploading, setUploading] = useState(0)
  const [linkRequest, setLinkRequest] = useState(0)
  const [libraryOpen, setLibraryOpen] = useState(false)
  const [words, setWords] = useState(0)
  const [saves, setSaves] = useState(0)
  const [revisionsOpen, setRevisionsOpen] = useState(false)
  const [autosavedAt, setAutosavedAt] = useState<Date | null>(null)
  const [autosaveOffer, setAutosaveOffer] = useState<WpRevision | null>(null)
  const autosavedPrint = useRef('')
  const draftRef = useRef(draft)
  draftRef.current = draft
  const stateRef = useRef({ postId, status })
  stateRef.current = { postId, status }
  const inflight = useRef<Promise<unknown> | null>(null)
  const titleRef = useRef<HTMLTextAreaElement>(null)

  const canPublish = can(user, type === 'post' ? 'publish_posts' : 'publish_pages')
  const withSticky = type === 'post' && can(user, 'edit_others_posts')
  const effective = useCallback((d: Draft, forStatus: string): Draft => (d.slugEdited || LIVE.includes(forStatus) ? d : { ...d, slug: slugify(d.title) }), [])
  const printOf = useCallback((d: Draft, forStatus: string) => JSON.stringify(payloadOf(effective(d, forStatus), '', withSticky, type)), [effective, withSticky, type])
  const dirty = status !== '' && printOf(draft, status) !== savedPrint && !(status === 'new' && !draft.title && isEmptyHtml(draft.content))

  const change = useCallback((changes: Partial<Draft>) => setDraft((d) => ({ ...d, ...changes })), [])

  const uploadInto = useRef<(file: File) => void>(() => {})
  const editor = useEditor({
    extensions: editorExtensions(),
    injectCSS: false,
    shouldRerenderOnTransaction: false,
    editorProps: {
      attributes: { class: 'prose prose-editor', 'aria-label': 'Post content', 'aria-multiline': 'true', role: 'textbox' },
      handlePaste: (_view, event) => takeImages(event.clipboardData?.files),
      handleDrop: (view, event) => {
        const e = event as DragEvent
        if (![...(e.dataTransfer?.files ?? [])].some((f) => f.type.startsWith('image/'))) return false
        // The image goes where it was dropped (after the paragraph it was dropped on): the caret moves there first.
        const at = view.posAtCoords({ left: e.clientX, top: e.clientY })
        if (at) {
          const $at = view.state.doc.resolve(at.pos)
          const pos = $at.parent.isTextblock ? $at.end() : at.pos
          view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos))))
        }
        return takeImages(e.dataTransfer?.files)
      },
      handleKeyDown: (_view, event) => {
        if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
          event.preventDefault()
          setLinkRequest((n) => n + 1)
          return true
        }
        return false
      },
    },
    onUpdate: ({ editor: e }) => {
      const html = savedHtml(e)
      setDraft((d) => ({ ...d, content: html }))
      setWords(countWords(e.getText()))
    },
  })

  function takeImages(files: FileList | undefined): boolean {
    const images = [...(files ?? [])].filter((f) => f.type.startsWith('image/'))
    for (const f of images) uploadInto.current(f)
    return images.length > 0
  }

  uploadInto.current = async (file: File) => {
    if (!editor) return
    setUploading((n) => n + 1)
    try {
      const m = await uploadMedia(file, stateRef.current.postId ? { post: stateRef.current.postId } : {})
      insertFigure({ src: m.source_url, alt: m.alt_text ?? '', mediaId: m.id, width: m.media_details?.width ?? null, height: m.media_details?.height ?? null })
    } catch (err) {
      setNotice({ kind: 'error', text: `The image could not be uploaded: ${errorMessage(err)}` })
    } finally {
      setUploading((n) => n - 1)
    }
  }

  /** Inserts a figure at the caret; with an image (or another block) selected, after it rather than in its place. */
  function insertFigure(attrs: Partial<FigureAttrs> & { src: string }) {
    if (!editor) return
    const { selection } = editor.state
    if (selection instanceof NodeSelection) editor.chain().focus().insertContentAt(selection.to, { type: 'figure', attrs }).run()
    else editor.chain().focus().setFigure(attrs).run()
  }

  /** An image chosen in the library: its large size (full when it has none), its alt text and caption. */
  function insertFromLibrary(item: LibraryItem) {
    setLibraryOpen(false)
    if (!editor) return
    const large = item.media_details.sizes?.large
    const shown = large ?? { source_url: item.source_url, width: item.media_details.width ?? null, height: item.media_details.height ?? null }
    insertFigure({ src: shown.source_url, alt: item.alt_text ?? '', caption: captionOf(item), mediaId: item.id, size: large ? 'large' : 'full', width: shown.width ?? null, height: shown.height ?? null })
  }

  // Load the post (or start a new one) once: after a new post's first save the address names it, but nothing reloads.
  const [initialId] = useState(id)
  useEffect(() => {
    if (!editor) return
    if (initialId === null) {
      setSavedPrint(printOf(emptyDraft(), 'new'))
      document.title = `New ${type} · ${boot.site.title}`
      return
    }
    const ctrl = new AbortController()
    get<WpPost>(wp(`/${rest}/${initialId}`, { context: 'edit' }), ctrl.signal).then(
      (post) => {
        const d = draftOf(post)
        setDraft(d)
        setSavedPrint(printOf(d, post.status))
        setStatus(post.status)
        setLink(post.link)
        editor.commands.setContent(d.content, { emitUpdate: false })
        setWords(countWords(editor.getText()))
        document.title = `${d.title || 'Untitled'} · ${boot.site.title}`
        // An autosave newer than the post (the tab closed before Update): offer it back, as WordPress does.
        get<WpRevision[]>(wp(`/${rest}/${post.id}/autosaves`, { context: 'edit' }), ctrl.signal).then((list) => {
          const mine = list.find((a) => a.author === user.id)
          if (mine && fromGmt(mine.date_gmt) > fromGmt(post.modified_gmt) && (mine.content.raw !== d.content || mine.title.raw !== d.title)) setAutosaveOffer(mine)
        }, () => {})
      },
      (err: Error) => err.name !== 'AbortError' && setLoadError(errorMessage(err)),
    )
    return () => ctrl.abort()
    // The editor instance is made once; the post is loaded once per screen.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editor, initialId])

  /** Saves the draft as it is now with the given status; saves never overlap. */
  const saveAs = useCallback(
    async (targetStatus: string, { quiet = false } = {}): Promise<WpPost | null> => {
      while (inflight.current) await inflight.current.catch(() => {})
      const snapshot = effective(draftRef.current, targetStatus)
      const { postId: currentId } = stateRef.current
      const work = (async () => {
        setSave({ kind: 'saving' })
        const body = payloadOf(snapshot, targetStatus, withSticky, type)
        const { data } = await request<WpPost>(currentId ? wp(`/${rest}/${currentId}`, { context: 'edit' }) : wp(`/${rest}`, { context: 'edit' }), { method: 'POST', body })
        return data
      })()
      inflight.current = work
      try {
        const saved = await work
        const savedDraft = { ...snapshot, slug: saved.slug }
        if (snapshot.slugEdited || LIVE.includes(saved.status)) setDraft((d) => (d.slug === snapshot.slug ? { ...d, slug: saved.slug, slugEdited: d.slugEdited || LIVE.includes(saved.status) } : d))
        setSavedPrint(printOf(LIVE.includes(saved.status) ? { ...savedDraft, slugEdited: true } : snapshot, saved.status))
        setStatus(saved.status)
        setLink(saved.link)
        setSave({ kind: 'saved', at: new Date() })
        setSaves((n) => n + 1)
        if (!currentId) {
          setPostId(saved.id)
          navigate(`${base}/${saved.id}`, { replace: true, keepKey: true })
        }
        document.title = `${snapshot.title || 'Untitled'} · ${boot.site.title}`
        if (!quiet) setNotice(null)
        return saved
      } catch (err) {
        setSave({ kind: 'error', message: errorMessage(err) })
        if (!quiet) setNotice({ kind: 'error', text: errorMessage(err) })
        return null
      } finally {
        inflight.current = null
      }
    },
    [boot.site.title, effective, navigate, printOf, withSticky, type, rest, base],
  )

  const savedPrintRef = useRef(savedPrint)
  savedPrintRef.current = savedPrint
  /**
   * The timer's save of a draft. When only the words changed on one's own draft, it goes to the autosaves
   * endpoint, which updates the draft without making a revision (the history keeps deliberate saves); anything
   * else (a new post, settings, someone else's draft) is a full save.
   */
  const autosaveDraft = useCallback(async () => {
    const { postId: currentId, status: current } = stateRef.current
    const d = draftRef.current
    const mine = d.author === 0 || d.author === user.id
    if (!currentId || current !== 'draft' || !mine || !onlyWordsDiffer(printOf(d, current), savedPrintRef.current)) return void (await saveAs('draft', { quiet: true }))
    while (inflight.current) await inflight.current.catch(() => {})
    const snapshot = effective(draftRef.current, 'draft')
    const work = request(wp(`/${rest}/${currentId}/autosaves`, { context: 'edit' }), { method: 'POST', body: { title: snapshot.title, content: snapshot.content, excerpt: snapshot.excerpt } })
    inflight.current = work
    setSave({ kind: 'saving' })
    try {
      await work
      setSavedPrint(printOf(snapshot, 'draft'))
      setSave({ kind: 'saved', at: new Date() })
      setSaves((n) => n + 1)
    } catch (err) {
      setSave({ kind: 'error', message: errorMessage(err) })
    } finally {
      inflight.current = null
    }
  }, [user.id, printOf, saveAs, effective, rest])

  // Drafts save themselves a moment after the last change; published posts wait for Update.
  useEffect(() => {
    if (!dirty || !(status === 'new' || status === 'draft') || save.kind === 'saving') return
    const t = setTimeout(() => void autosaveDraft(), AUTOSAVE_MS)
    return () => clearTimeout(t)
  }, [dirty, status, draft, save.kind, autosaveDraft])

  // A live post is not changed by autosaves: the text goes to the person's autosave until Update.
  useEffect(() => {
    if (!dirty || !LIVE.includes(status) || !postId || save.kind === 'saving') return
    const print = JSON.stringify({ title: draft.title, content: draft.content, excerpt: draft.excerpt })
    if (print === autosavedPrint.current) return
    const t = setTimeout(() => {
      request<WpRevision>(wp(`/${rest}/${postId}/autosaves`, { context: 'edit' }), { method: 'POST', body: { title: draft.title, content: draft.content, excerpt: draft.excerpt } }).then(
        () => {
          autosavedPrint.current = print
          setAutosavedAt(new Date())
        },
        () => {},
      )
    }, AUTOSAVE_MS)
    return () => clearTimeout(t)
  }, [dirty, status, postId, draft, save.kind, rest])

  // Ctrl+S (⌘S) saves: a draft stays a draft, a published post is updated.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') {
        e.preventDefault()
        const s = stateRef.current.status
        void saveAs(s === 'new' || s === '' ? 'draft' : s)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [saveAs])

  useEffect(() => {
    if (!dirty) return
    const warn = (e: BeforeUnloadEvent) => e.preventDefault()
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [dirty])

  const scheduled = draft.date !== '' && new Date(draft.date) > new Date()
  const live = LIVE.includes(status)

  async function confirmed(kind: Confirm) {
    setConfirm(null)
    const target = kind === 'publish' || kind === 'schedule' ? 'publish' : kind === 'submit' ? 'pending' : kind === 'unpublish' ? 'draft' : status
    const saved = await saveAs(target)
    if (!saved) return
    const title = decodeEntities(saved.title.rendered) || 'Your post'
    if (saved.status === 'publish') setNotice({ kind: 'success', text: kind === 'update' ? `${title} is updated.` : `${title} is published.`, link: saved.link })
    else if (saved.status === 'future') setNotice({ kind: 'success', text: `${title} is scheduled for ${saved.date_gmt ? formatDateTime(fromGmt(saved.date_gmt), boot.site.timezone) : 'later'}.` })
    else if (saved.status === 'pending') setNotice({ kind: 'success', text: `${title} is submitted for review. An editor will publish it.` })
    else if (kind === 'unpublish') setNotice({ kind: 'success', text: `${title} is a draft again and no longer on the site.` })
  }

  /** Puts an old version back in the editor and saves it as it stands (a new revision; a live post changes). */
  async function restoreRevision(revision: WpRevision) {
    if (!editor) return
    setRevisionsOpen(false)
    editor.commands.setContent(revision.content.raw, { emitUpdate: false })
    const next = { ...draftRef.current, title: revision.title.raw, content: savedHtml(editor) }
    draftRef.current = next
    setDraft(next)
    setWords(countWords(editor.getText()))
    const saved = await saveAs(status === 'new' ? 'draft' : status)
    if (saved) setNotice({ kind: 'success', text: `The version of ${formatDateTime(fromGmt(revision.date_gmt), boot.site.timezone)} is restored.` })
  }

  function preview() {
    const win = window.open('about:blank', `pressroom-preview-${postId ?? 'new'}`)
    const go = (pid: number) => {
      const url = live ? link : `/?${type === 'page' ? 'page_id' : 'p'}=${pid}&preview=true`
      if (win) win.location.href = url
      else window.location.href = url
    }
    if (!live && (dirty || !postId)) {
      void saveAs('draft', { quiet: true }).then((saved) => (saved ? go(saved.id) : win?.close()))
    } else if (postId) go(postId)
  }

  const slugShown = effective(draft, status).slug
  const permalink = useMemo(() => {
    if (live && link && draft.slug === slugShown && !dirty) return link
    const date = draft.date ? new Date(draft.date) : new Date()
    const first = categoryNames.find((c) => draft.categories.includes(c.id))
    // Pages live at their slug under any structure but the plain one, as in WordPress.
    const structure = type === 'page' && boot.site.permalink_structure ? '/%postname%/' : boot.site.permalink_structure
    return permalinkPreview(structure, boot.site.url, { id: postId, slug: slugShown || `your-${type}-title`, date, category: first?.slug, author: user.login }, boot.site.timezone)
  }, [live, link, draft, slugShown, dirty, categoryNames, boot.site, postId, user.login, type])

  if (loadError) {
    return (
      <div className="page">
        <Notice>{loadError}</Notice>
        <Link to={base} className="btn">Back to {rest}</Link>
      </div>
    )
  }
  if (!editor || status === '') return <Spinner label="Opening the editor" />

  const statusText =
    save.kind === 'saving' ? 'Saving…'
    : save.kind === 'error' ? 'Not saved'
    : dirty ? (live ? (autosavedAt ? `Unsaved changes · autosaved ${formatTime(autosavedAt)}` : 'Unsaved changes') : 'Unsaved')
    : status === 'new' ? 'New'
    : status === 'publish' ? 'Published'
    : status === 'future' ? 'Scheduled'
    : status === 'pending' ? 'Pending review'
    : status === 'private' ? 'Private'
    : save.kind === 'saved' ? `Draft · saved ${formatTime(save.at)}` : 'Draft'

  const primary: { label: string; confirm: Confirm } = live
    ? { label: 'Update', confirm: 'update' }
    : !canPublish ? { label: 'Submit for review', confirm: 'submit' }
    : scheduled ? { label: 'Schedule', confirm: 'schedule' }
    : { label: 'Publish', confirm: 'publish' }

  return (
    <div className={`editor-screen${settingsOpen ? ' settings-open' : ''}`}>
      <header className="editor-bar">
        <Link to={base} className="btn btn-ghost editor-back" aria-label={`Back to ${rest}`}>
          <Icon name="back" size={16} /> <span className="hide-small">{type === 'post' ? 'Posts' : 'Pages'}</span>
        </Link>
        <span className={`save-status${save.kind === 'error' ? ' is-error' : ''}`} role="status" aria-live="polite">
          {statusText}
        </span>
        <span className="spacer" />
        <button type="button" className="btn btn-ghost" onClick={preview} aria-label={live ? 'View the post' : 'Preview'} disabled={!postId && isEmptyHtml(draft.content) && !draft.title}>
          <Icon name="eye" size={16} /> <span className="hide-small">{live ? 'View' : 'Preview'}</span>
        </button>
        {!live && (
          <button type="button" className="btn hide-small" onClick={() => void saveAs('draft')} disabled={save.kind === 'saving'}>
            Save draft
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={() => setConfirm(primary.confirm)} disabled={save.kind === 'saving' || (!draft.title.trim() && isEmptyHtml(draft.content))}>
          {primary.label}
        </button>
        <button type="button" className="icon-btn" aria-pressed={settingsOpen} aria-controls="post-settings" onClick={() => setSettingsOpen(!settingsOpen)}>
          <Icon name="panel" />
          <span className="visually-hidden">Post settings</span>
        </button>
      </header>
      <div className="editor-body">
        <div className="editor-canvas">
          {notice && (
            <Notice kind={notice.kind}>
              {notice.text}{' '}
              {notice.link && (
                <a href={notice.link} target="_blank" rel="noopener">
                  View post
                </a>
              )}
            </Notice>
          )}
          {autosaveOffer && (
            <Notice kind="info">
              There is an autosave of this {type} from {formatDateTime(fromGmt(autosaveOffer.date_gmt), boot.site.timezone)}, newer than the version below.{' '}
              <button
                type="button"
                className="link-btn"
                onClick={() => {
                  editor.commands.setContent(autosaveOffer.content.raw, { emitUpdate: false })
                  const html = savedHtml(editor)
                  setDraft((d) => ({ ...d, title: autosaveOffer.title.raw, content: html }))
                  setWords(countWords(editor.getText()))
                  setAutosaveOffer(null)
                }}
              >
                Restore the autosave
              </button>{' '}
              <button type="button" className="link-btn" onClick={() => setAutosaveOffer(null)}>Dismiss</button>
            </Notice>
          )}
          <textarea
            ref={titleRef}
            className="title-input"
            rows={1}
            placeholder={type === 'post' ? 'Post title' : 'Page title'}
            aria-label="Title"
            value={draft.title}
            maxLength={1000}
            onChange={(e) => change({ title: e.target.value.replace(/\n/g, ' ') })}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault()
                editor.commands.focus('start')
              }
            }}
            autoFocus={initialId === null}
          />
          <Toolbar editor={editor} onImage={(f) => uploadInto.current(f)} onLibrary={() => setLibraryOpen(true)} linkRequest={linkRequest} />
          <MediaPicker open={libraryOpen} title="Insert an image" postId={postId} onClose={() => setLibraryOpen(false)} onChoose={insertFromLibrary} />
          {uploading > 0 && <Spinner label="Uploading the image" />}
          <EditorContent editor={editor} className="editor-content" />
          <footer className="editor-foot muted small">
            {words.toLocaleString()} {words === 1 ? 'word' : 'words'}
            {postId && status !== 'new' && (
              <>
                {' · '}
                <button type="button" className="link-btn" onClick={() => setRevisionsOpen(true)}>Revisions</button>
              </>
            )}
            {status === 'future' && draft.date && <> · scheduled for {formatDateTime(new Date(draft.date), Intl.DateTimeFormat().resolvedOptions().timeZone)}</>}
          </footer>
        </div>
        <aside className="editor-settings" id="post-settings" aria-label={type === 'post' ? 'Post settings' : 'Page settings'} hidden={!settingsOpen}>
          <SettingsPanel
            type={type}
            draft={{ ...draft, slug: slugShown }}
            change={change}
            permalink={permalink}
            postId={postId}
            status={status}
            onCategoryNames={setCategoryNames}
            onUnpublish={() => setConfirm('unpublish')}
            onClose={() => setSettingsOpen(false)}
            saves={saves}
            onTagAccepted={(tag) => {
              // The server gave the post the tag already: the draft and what counts as saved both have it now.
              const withTag = (ids: number[]) => (ids.includes(tag.id) ? ids : [...ids, tag.id])
              setDraft((d) => ({ ...d, tags: withTag(d.tags) }))
              setSavedPrint((p) => {
                const saved = JSON.parse(p) as { tags?: number[] }
                return JSON.stringify(saved.tags ? { ...saved, tags: withTag(saved.tags) } : saved)
              })
            }}
          />
        </aside>
      </div>
      {postId && (
        <RevisionsDialog
          open={revisionsOpen}
          onClose={() => setRevisionsOpen(false)}
          rest={rest}
          postId={postId}
          current={{ title: draft.title, content: draft.content }}
          timezone={boot.site.timezone}
          onRestore={(r) => void restoreRevision(r)}
        />
      )}
      <Dialog open={confirm !== null} title={confirmTitle(confirm)} onClose={() => setConfirm(null)} actions={
        <>
          <button type="button" className="btn" onClick={() => setConfirm(null)}>Cancel</button>
          <button type="button" className={`btn ${confirm === 'unpublish' ? 'btn-danger' : 'btn-primary'}`} onClick={() => confirm && void confirmed(confirm)} autoFocus>
            {confirmAction(confirm)}
          </button>
        </>
      }>
        <p>{confirmText(confirm, draft.title || `This ${type}`, permalink, draft.date, type)}</p>
      </Dialog>
    </div>
  )
}

/** Whether two saved prints differ in the words alone (title, body, excerpt, and the slug that follows the title). */
function onlyWordsDiffer(a: string, b: string): boolean {
  if (!a || !b) return false
  const rest = (print: string) => {
    const { title: _t, content: _c, excerpt: _e, slug: _s, ...others } = JSON.parse(print) as Record<string, unknown>
    return JSON.stringify(others)
  }
  return rest(a) === rest(b)
}

const countWords = (text: string) => (text.trim() ? text.trim().split(/\s+/).length : 0)

function confirmTitle(kind: Confirm | null): string {
  switch (kind) {
    case 'publish': return 'Ready to publish?'
    case 'schedule': return 'Schedule this post?'
    case 'submit': return 'Submit for review?'
    case 'update': return 'Update the published post?'
    case 'unpublish': return 'Take this post off the site?'
    default: return ''
  }
}

function confirmAction(kind: Confirm | null): string {
  switch (kind) {
    case 'publish': return 'Publish now'
    case 'schedule': return 'Schedule'
    case 'submit': return 'Submit for review'
    case 'update': return 'Update'
    case 'unpublish': return 'Switch to draft'
    default: return 'OK'
  }
}

function confirmText(kind: Confirm | null, title: string, permalink: string, date: string, type: string): string {
  switch (kind) {
    case 'publish': return type === 'post' ? `“${title}” will be live at ${permalink} and in the site’s feeds.` : `“${title}” will be live at ${permalink}.`
    case 'schedule': return `“${title}” will be published on ${date ? new Date(date).toLocaleString() : 'the chosen date'}.`
    case 'submit': return `An editor will review “${title}” and publish it. You can still make changes until then.`
    case 'update': return 'Readers will see your changes right away.'
    case 'unpublish': return `“${title}” will be removed from the site and kept as a draft.`
    default: return ''
  }
}
