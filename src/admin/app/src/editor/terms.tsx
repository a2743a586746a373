import { type FormEvent, type KeyboardEvent, useEffect, useId, useMemo, useState } from 'react'
import { errorMessage, get, post, wp } from '../api'
import { decodeEntities } from '../format'

export interface WpTerm {
  id: number
  name: string
  slug: string
  parent?: number
  count?: number
}

/** Categories as a checklist in tree order, with "Add a category" for those who may manage them. */
export function CategoryPicker({ value, onChange, canCreate, onNames }: { value: number[]; onChange: (ids: number[]) => void; canCreate: boolean; onNames?: (terms: WpTerm[]) => void }) {
  const [all, setAll] = useState<WpTerm[] | null>(null)
  const [adding, setAdding] = useState(false)
  const [name, setName] = useState('')
  const [parent, setParent] = useState(0)
  const [error, setError] = useState('')
  const id = useId()

  useEffect(() => {
    get<WpTerm[]>(wp('/categories', { per_page: 100, orderby: 'name', hide_empty: false })).then(setAll, (err) => setError(errorMessage(err)))
  }, [])
  useEffect(() => {
    if (all) onNames?.(all)
  }, [all, onNames])

  const tree = useMemo(() => {
    const out: { term: WpTerm; depth: number }[] = []
    const walk = (parentId: number, depth: number) => {
      for (const t of (all ?? []).filter((c) => (c.parent ?? 0) === parentId)) {
        out.push({ term: t, depth })
        walk(t.id, depth + 1)
      }
    }
    walk(0, 0)
    return out
  }, [all])

  async function add(e: FormEvent) {
    e.preventDefault()
    if (!name.trim()) return
    setError('')
    try {
      const created = await post<WpTerm>(wp('/categories'), { name: name.trim(), ...(parent ? { parent } : {}) })
      setAll([...(all ?? []), created])
      onChange([...value, created.id])
      setName('')
      setAdding(false)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  return (
    <fieldset className="fieldset">
      <legend>Categories</legend>
      {all === null && !error && <p className="muted small">Loading…</p>}
      {all && all.length === 0 && <p className="muted small">No categories yet.</p>}
      <ul className="checklist">
        {tree.map(({ term, depth }) => (
          <li key={term.id} style={{ paddingInlineStart: `${depth * 1.1}rem` }}>
            <label className="check">
              <input type="checkbox" checked={value.includes(term.id)} onChange={(e) => onChange(e.target.checked ? [...value, term.id] : value.filter((v) => v !== term.id))} />
              <span>{decodeEntities(term.name)}</span>
            </label>
          </li>
        ))}
      </ul>
      {error && <p className="field-error" role="alert">{error}</p>}
      {canCreate && !adding && (
        <button type="button" className="link-btn" onClick={() => setAdding(true)}>
          + Add a category
        </button>
      )}
      {canCreate && adding && (
        <div className="inline-form" role="group" aria-label="New category">
          <label htmlFor={`${id}-name`}>New category name</label>
          <input id={`${id}-name`} value={name} autoFocus onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && add(e)} />
          {tree.length > 0 && (
            <>
              <label htmlFor={`${id}-parent`}>Parent</label>
              <select id={`${id}-parent`} value={parent} onChange={(e) => setParent(Number(e.target.value))}>
                <option value={0}>None</option>
                {tree.map(({ term, depth }) => (
                  <option key={term.id} value={term.id}>
                    {'— '.repeat(depth)}
                    {decodeEntities(term.name)}
                  </option>
                ))}
              </select>
            </>
          )}
          <div className="row">
            <button type="button" className="btn btn-small btn-primary" onClick={add}>Add category</button>
            <button type="button" className="btn btn-small" onClick={() => setAdding(false)}>Cancel</button>
          </div>
        </div>
      )}
    </fieldset>
  )
}

/** Tags as removable chips; typing suggests existing tags, Enter or comma adds (creating the tag when new). */
export function TagInput({ value, onChange }: { value: number[]; onChange: (ids: number[]) => void }) {
  const [known, setKnown] = useState<Map<number, WpTerm>>(new Map())
  const [text, setText] = useState('')
  const [suggestions, setSuggestions] = useState<WpTerm[]>([])
  const [active, setActive] = useState(-1)
  const [error, setError] = useState('')
  const id = useId()

  useEffect(() => {
    const missing = value.filter((v) => !known.has(v))
    if (!missing.length) return
    get<WpTerm[]>(wp('/tags', { include: missing.join(','), per_page: 100 })).then((terms) => setKnown((k) => new Map([...k, ...terms.map((t): [number, WpTerm] => [t.id, t])])), () => {})
  }, [value, known])

  useEffect(() => {
    const q = text.trim()
    if (!q) return setSuggestions([])
    const ctrl = new AbortController()
    const t = setTimeout(() => {
      get<WpTerm[]>(wp('/tags', { search: q, per_page: 8, orderby: 'count', order: 'desc' }), ctrl.signal).then((terms) => {
        setSuggestions(terms.filter((term) => !value.includes(term.id)))
        setActive(-1)
      }, () => {})
    }, 150)
    return () => (clearTimeout(t), ctrl.abort())
  }, [text, value])

  const remember = (term: WpTerm) => setKnown((k) => new Map(k).set(term.id, term))
  async function add(name: string) {
    const clean = name.trim().replace(/,+$/, '')
    if (!clean) return
    setError('')
    try {
      const existing = suggestions.find((s) => s.name.toLowerCase() === clean.toLowerCase()) ?? (await get<WpTerm[]>(wp('/tags', { search: clean, per_page: 20 }))).find((s) => decodeEntities(s.name).toLowerCase() === clean.toLowerCase())
      const term = existing ?? (await post<WpTerm>(wp('/tags'), { name: clean }))
      remember(term)
      if (!value.includes(term.id)) onChange([...value, term.id])
      setText('')
      setSuggestions([])
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault()
      const chosen = suggestions[active]
      if (chosen) {
        remember(chosen)
        onChange([...value, chosen.id])
        setText('')
        setSuggestions([])
      } else void add(text)
    } else if (e.key === 'ArrowDown' && suggestions.length) {
      e.preventDefault()
      setActive((a) => (a + 1) % suggestions.length)
    } else if (e.key === 'ArrowUp' && suggestions.length) {
      e.preventDefault()
      setActive((a) => (a <= 0 ? suggestions.length - 1 : a - 1))
    } else if (e.key === 'Escape') setSuggestions([])
    else if (e.key === 'Backspace' && !text && value.length) onChange(value.slice(0, -1))
  }

  return (
    <div className="field">
      <label htmlFor={id}>Tags</label>
      {value.length > 0 && (
        <ul className="chips" aria-label="Tags on this post">
          {value.map((v) => (
            <li key={v} className="chip">
              {decodeEntities(known.get(v)?.name ?? '…')}
              <button type="button" onClick={() => onChange(value.filter((x) => x !== v))}>
                <span aria-hidden="true">×</span>
                <span className="visually-hidden">Remove tag {known.get(v)?.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="combo">
        <input
          id={id}
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKey}
          placeholder="Add a tag and press Enter"
          role="combobox"
          aria-expanded={suggestions.length > 0}
          aria-controls={`${id}-list`}
          aria-autocomplete="list"
          aria-activedescendant={active >= 0 ? `${id}-opt-${active}` : undefined}
          autoComplete="off"
        />
        {suggestions.length > 0 && (
          <ul className="combo-list" role="listbox" id={`${id}-list`} aria-label="Matching tags">
            {suggestions.map((s, i) => (
              <li
                key={s.id}
                id={`${id}-opt-${i}`}
                role="option"
                aria-selected={i === active}
                onMouseDown={(e) => {
                  e.preventDefault()
                  remember(s)
                  onChange([...value, s.id])
                  setText('')
                  setSuggestions([])
                }}
              >
                {decodeEntities(s.name)} <span className="muted small">{s.count ?? 0}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <p className="help">Separate tags with commas or Enter.</p>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  )
}

interface TagSuggestion {
  name: string
  kind: string
  tag_id: number | null
}

/**
 * Tags the story itself suggests (people, places, organisations it names, and existing tags it mentions), from
 * `pressroom/v1/posts/ID/tag-suggestions`; a click gives the post that tag (reused or created) on the server.
 * Asked again after each save, since the words changed.
 */
export function TagSuggestions({ postId, refresh, onAccepted }: { postId: number | null; refresh: number; onAccepted: (tag: { id: number; name: string }) => void }) {
  const [list, setList] = useState<TagSuggestion[]>([])
  const [busy, setBusy] = useState('')
  const [error, setError] = useState('')
  const id = useId()
  useEffect(() => {
    if (!postId) return setList([])
    const ctrl = new AbortController()
    get<TagSuggestion[]>(`/wp-json/pressroom/v1/posts/${postId}/tag-suggestions`, ctrl.signal).then(setList, () => {})
    return () => ctrl.abort()
  }, [postId, refresh])

  async function accept(s: TagSuggestion) {
    if (!postId) return
    setBusy(s.name)
    setError('')
    try {
      const res = await post<{ tag_id: number; name: string }>(`/wp-json/pressroom/v1/posts/${postId}/tag-suggestions`, { name: s.name })
      setList((l) => l.filter((x) => x.name !== s.name))
      onAccepted({ id: res.tag_id, name: s.name })
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  if (!list.length && !error) return null
  return (
    <div className="tag-suggestions">
      <span className="muted small" id={id}>Suggested:</span>
      <ul className="suggested" aria-labelledby={id}>
        {list.map((s) => (
          <li key={s.name}>
            <button type="button" className="chip-suggest" disabled={busy !== ''} onClick={() => void accept(s)}>
              <span aria-hidden="true">+ </span>{s.name}
              <span className="visually-hidden"> (add this tag)</span>
            </button>
          </li>
        ))}
      </ul>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  )
}
