import { useEffect, useRef, useState } from 'react'
import { ApiError, get } from '../api'
import { FormFrame, Section, TextField, useSettingsForm } from './form'
import { loadSettings, only, saveSettings } from './api'

const KEYS = ['permalink_structure', 'category_base', 'tag_base'] as const
export const TAGS = ['%year%', '%monthnum%', '%day%', '%hour%', '%minute%', '%second%', '%post_id%', '%postname%', '%category%', '%author%']
const PRESETS = [
  { label: 'Plain', structure: '' },
  { label: 'Day and name', structure: '/%year%/%monthnum%/%day%/%postname%/' },
  { label: 'Month and name', structure: '/%year%/%monthnum%/%postname%/' },
  { label: 'Numeric', structure: '/archives/%post_id%/' },
  { label: 'Post name', structure: '/%postname%/' },
]

interface Preview {
  post: { id: number; title: string } | null
  url: string | null
  current: string | null
}

/** Permalinks: WordPress's common structures or a custom one built from its tags, with a real post's address as you type. */
export function Permalinks() {
  const state = useSettingsForm(
    async () => only(KEYS)(await loadSettings()),
    async (c) => only(KEYS)(await saveSettings({ ...c, ...(c.category_base === '' ? { category_base: 'category' } : {}), ...(c.tag_base === '' ? { tag_base: 'tag' } : {}) })),
  )
  const { form } = state
  const structure = String(form.values.permalink_structure ?? '')
  const [custom, setCustom] = useState(false)
  useEffect(() => {
    if (state.saved && !PRESETS.some((p) => p.structure === state.saved?.permalink_structure)) setCustom(true)
  }, [state.saved])
  const input = useRef<HTMLInputElement>(null)
  const preview = usePreview(structure, !!state.saved)
  const id = form.idFor('permalink_structure')
  const error = form.errors.permalink_structure ?? preview.error

  const insert = (tag: string) => {
    setCustom(true)
    const el = input.current
    const start = el?.selectionStart ?? structure.length
    const end = el?.selectionEnd ?? structure.length
    // Tags join with slashes, as WordPress's buttons add them.
    let before = structure.slice(0, start)
    let after = structure.slice(end)
    if (!before.endsWith('/')) before += '/'
    if (!after.startsWith('/')) after = `/${after}`
    const next = (before + tag + after).replace(/\/{2,}/g, '/')
    form.set('permalink_structure', next)
    const caret = before.length + tag.length + 1
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(caret, caret)
    })
  }

  return (
    <FormFrame state={state} label="Permalink settings">
      <Section title="Permalink structure" description="How the addresses of your posts are built. Links to the old addresses keep working: they redirect (301) to the new ones.">
        <fieldset className="fieldset permalink-choices">
          <legend className="visually-hidden">Permalink structure</legend>
          {PRESETS.map((p) => (
            <label key={p.label} className="check permalink-choice">
              <input type="radio" name="permalink_structure" checked={!custom && structure === p.structure} onChange={() => (setCustom(false), form.set('permalink_structure', p.structure))} />
              <span className="permalink-name">{p.label}</span>
              <code>{p.structure || '/?p=123'}</code>
            </label>
          ))}
          <label className="check permalink-choice" htmlFor={`${id}-custom`}>
            <input id={`${id}-custom`} type="radio" name="permalink_structure" checked={custom} onChange={() => (setCustom(true), input.current?.focus())} />
            <span className="permalink-name">Custom structure</span>
          </label>
        </fieldset>
        <div className={`field${error ? ' has-error' : ''}`}>
          <label htmlFor={id}>Custom structure</label>
          <input
            ref={input}
            id={id}
            className="mono"
            value={structure}
            spellCheck={false}
            aria-invalid={error ? true : undefined}
            aria-describedby={`${id}-tags ${id}-preview${error ? ` ${id}-error` : ''}`}
            onFocus={() => setCustom(true)}
            onChange={(e) => (setCustom(true), form.set('permalink_structure', e.target.value))}
          />
          <div className="tag-buttons" role="group" aria-label="Available tags" id={`${id}-tags`}>
            <span className="help">Available tags (insert at the cursor):</span>
            {TAGS.map((tag) => (
              <button key={tag} type="button" className="btn btn-small tag-button" aria-pressed={structure.includes(tag)} onClick={() => insert(tag)}>
                {tag}
              </button>
            ))}
          </div>
          {error && (
            <p className="field-error" id={`${id}-error`}>
              {error}
            </p>
          )}
          <p className="permalink-preview" id={`${id}-preview`} aria-live="polite">
            {preview.data?.post ? (
              <>
                <span className="muted">“{preview.data.post.title}” will be at </span>
                <a href={preview.data.url ?? '#'} target="_blank" rel="noopener noreferrer" className="mono preview-url">
                  {preview.data.url}
                </a>
              </>
            ) : preview.data ? (
              <span className="muted">Publish a post to see its address here.</span>
            ) : null}
          </p>
        </div>
      </Section>
      <Section title="Optional" description="Addresses of category and tag archives. Left empty, they are category and tag.">
        <TextField form={form} name="category_base" label="Category base" placeholder="category" help="Lower-case letters, digits and hyphens, e.g. “topics” for /topics/world/." />
        <TextField form={form} name="tag_base" label="Tag base" placeholder="tag" />
      </Section>
    </FormFrame>
  )
}

/** The server builds the address (it knows the post's category, author and time zone); asked a moment after typing stops. */
function usePreview(structure: string, ready: boolean) {
  const [data, setData] = useState<Preview | null>(null)
  const [error, setError] = useState('')
  useEffect(() => {
    if (!ready) return
    const ctrl = new AbortController()
    const t = setTimeout(() => {
      get<Preview>(`/admin/api/permalink-preview?structure=${encodeURIComponent(structure)}`, ctrl.signal).then(
        (d) => (setData(d), setError('')),
        (err: unknown) => {
          if ((err as Error).name === 'AbortError') return
          setData(null)
          setError(err instanceof ApiError && err.status === 400 ? err.message : '')
        },
      )
    }, 200)
    return () => (clearTimeout(t), ctrl.abort())
  }, [structure, ready])
  return { data, error }
}
