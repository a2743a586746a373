import { type CSSProperties, type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { errorMessage } from '../api'
import { decodeEntities } from '../format'
import { Icon } from '../ui/Icon'
import { Notice, Spinner } from '../ui/Notice'
import { categories, loadSettings, type PageOption, publishedPages, saveSettings, type TermOption } from './api'
import { fieldErrors } from './form'
import { blockEnd, type FlatItem, flatten, indent, MAX_DEPTH, type MenuItem, moveBlockTo, moveDown, moveUp, newKey, nextSibling, normalise, outdent, previousSibling, remove, toTree } from './menu-tree'
import { loadThemes } from './Themes'

const TYPE_LABELS: Record<FlatItem['type'], string> = { page: 'Page', category: 'Category', tag: 'Tag', url: 'Custom link', home: 'Home' }

/** Menus: build a theme's navigation from pages, categories and links; order and nest by drag or by keyboard. */
export function Menus() {
  const [menus, setMenus] = useState<Record<string, MenuItem[]> | null>(null)
  const [locations, setLocations] = useState<Record<string, string>>({ primary: 'Main menu' })
  const [location, setLocation] = useState('primary')
  const [items, setItems] = useState<FlatItem[]>([])
  const [pages, setPages] = useState<PageOption[]>([])
  const [terms, setTerms] = useState<TermOption[]>([])
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [saving, setSaving] = useState(false)
  const [dirty, setDirty] = useState(false)
  const [announce, setAnnounce] = useState('')
  const [dragging, setDragging] = useState<string | null>(null)
  const focusAfter = useRef<{ key: string; action: string } | null>(null)
  const listRef = useRef<HTMLOListElement>(null)

  useEffect(() => {
    Promise.all([loadSettings(), loadThemes(), publishedPages(), categories()]).then(
      ([settings, themes, p, c]) => {
        const all = (settings.menus ?? {}) as Record<string, MenuItem[]>
        const active = themes.themes.find((t) => t.name === themes.active)
        setLocations({ ...(active?.menus ?? {}), ...Object.fromEntries(Object.keys(all).filter((k) => !active?.menus[k]).map((k) => [k, k])) })
        setMenus(all)
        setItems(flatten(all.primary ?? []))
        setPages(p)
        setTerms(c)
      },
      (err: unknown) => setError(errorMessage(err)),
    )
  }, [])

  // After a keyboard move, the same button keeps the focus (at the top or bottom, the opposite one; else the label).
  useEffect(() => {
    const want = focusAfter.current
    if (!want || !listRef.current) return
    focusAfter.current = null
    const row = listRef.current.querySelector(`[data-key="${want.key}"]`)
    const opposite: Record<string, string> = { up: 'down', down: 'up', in: 'out', out: 'in' }
    const buttons = [want.action, opposite[want.action]].map((action) => row?.querySelector<HTMLButtonElement>(`[data-action="${action}"]`))
    ;(buttons.find((b) => b && !b.disabled) ?? row?.querySelector<HTMLInputElement>('input'))?.focus()
  })

  if (!menus) return error ? <Notice>{error}</Notice> : <Spinner />

  const change = (next: FlatItem[]) => {
    setItems(normalise(next))
    setDirty(true)
    setNotice('')
  }
  const positionText = (list: FlatItem[], key: string) => {
    const i = list.findIndex((x) => x.key === key)
    const item = list[i]!
    const parent = item.depth > 0 ? list.slice(0, i).reverse().find((x) => x.depth === item.depth - 1) : undefined
    return `${item.label}: item ${i + 1} of ${list.length}${parent ? `, under ${parent.label}` : ', top level'}.`
  }
  const act = (i: number, action: string, op: (list: FlatItem[], i: number) => FlatItem[]) => {
    const key = items[i]!.key
    const next = normalise(op(items, i))
    focusAfter.current = { key, action }
    change(next)
    setAnnounce(positionText(next, key))
  }

  const switchLocation = (name: string) => {
    const saved = { ...menus, [location]: toTree(items) }
    setMenus(saved)
    setLocation(name)
    setItems(flatten(saved[name] ?? []))
  }

  const add = (added: Omit<FlatItem, 'key' | 'depth'>[]) => {
    if (!added.length) return
    change([...items, ...added.map((a) => ({ ...a, key: newKey(), depth: 0 }))])
    setAnnounce(`${added.map((a) => a.label).join(', ')} added to the menu.`)
  }

  const save = async () => {
    setSaving(true)
    setError('')
    setNotice('')
    try {
      const next = { ...menus, [location]: toTree(items) }
      const settings = await saveSettings({ menus: next })
      setMenus(settings.menus as Record<string, MenuItem[]>)
      setDirty(false)
      setNotice('Menu saved. The site shows it now.')
    } catch (err) {
      setError(fieldErrors(err).menus ?? errorMessage(err))
    } finally {
      setSaving(false)
    }
  }

  return (
    <div className="menus">
      <div className="menus-add">
        <h2 className="menus-heading">Add menu items</h2>
        <PickList title="Pages" options={pages.map((p) => ({ id: p.id, label: decodeEntities(p.title.rendered) || `#${p.id}`, depth: 0 }))} empty="No published pages yet." onAdd={(picked) => add(picked.map((p) => ({ label: p.label, type: 'page', target: p.id })))} />
        <PickList title="Categories" options={termTree(terms)} empty="No categories yet." onAdd={(picked) => add(picked.map((p) => ({ label: p.label, type: 'category', target: p.id })))} />
        <CustomLink onAdd={(label, url) => add([{ label, type: 'url', target: url }])} />
      </div>
      <section className="card menus-structure" aria-labelledby="menu-structure-title">
        <div className="card-head">
          <h2 id="menu-structure-title">Menu structure</h2>
          {Object.keys(locations).length > 1 && (
            <label className="location-pick">
              <span className="muted small">Location</span>
              <select value={location} onChange={(e) => switchLocation(e.target.value)}>
                {Object.entries(locations).map(([name, label]) => (
                  <option key={name} value={name}>
                    {label}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
        <p className="muted small">
          Drag items to order them, or use the buttons: ↑ ↓ move an item among its siblings, → puts it under the item above, ← takes it out a level. Sub-items move with their parent.
        </p>
        {error && <Notice>{error}</Notice>}
        {notice && <Notice kind="success">{notice}</Notice>}
        {items.length === 0 ? (
          <p className="empty-line muted">This menu is empty: add pages, categories or links. {location === 'primary' && 'Until then, the site shows its home and busiest sections.'}</p>
        ) : (
          <ol className="menu-items" ref={listRef} aria-label={`${locations[location] ?? location} items`}>
            {items.map((item, i) => {
              const canUp = previousSibling(items, i) >= 0
              const canDown = nextSibling(items, i) >= 0
              const canIndent = canUp && items.slice(i, blockEnd(items, i)).every((x) => x.depth < MAX_DEPTH)
              return (
                <li
                  key={item.key}
                  data-key={item.key}
                  className={`menu-item${dragging === item.key ? ' is-dragging' : ''}`}
                  style={{ '--depth': item.depth } as CSSProperties}
                  draggable
                  onDragStart={(e) => {
                    setDragging(item.key)
                    e.dataTransfer.effectAllowed = 'move'
                    e.dataTransfer.setData('text/plain', item.key)
                  }}
                  onDragEnd={() => setDragging(null)}
                  onDragOver={(e) => e.preventDefault()}
                  onDrop={(e) => {
                    e.preventDefault()
                    const from = items.findIndex((x) => x.key === (dragging ?? e.dataTransfer.getData('text/plain')))
                    setDragging(null)
                    if (from < 0 || from === i) return
                    const next = moveBlockTo(items, from, i)
                    change(next)
                    setAnnounce(positionText(next, items[from]!.key))
                  }}
                >
                  <span className="drag-handle" aria-hidden="true">
                    ⋮⋮
                  </span>
                  <div className="menu-item-main">
                    <input className="menu-label" aria-label={`Navigation label (${TYPE_LABELS[item.type]})`} value={item.label} onChange={(e) => change(items.map((x) => (x.key === item.key ? { ...x, label: e.target.value } : x)))} />
                    {item.type === 'url' ? (
                      <input className="menu-url mono" aria-label={`Address of ${item.label}`} value={String(item.target ?? '')} onChange={(e) => change(items.map((x) => (x.key === item.key ? { ...x, target: e.target.value } : x)))} />
                    ) : (
                      <span className="muted small">{TYPE_LABELS[item.type]}</span>
                    )}
                  </div>
                  <div className="menu-item-buttons">
                    <button type="button" className="icon-btn" data-action="up" disabled={!canUp} aria-label={`Move ${item.label} up`} onClick={() => act(i, 'up', moveUp)}>
                      ↑
                    </button>
                    <button type="button" className="icon-btn" data-action="down" disabled={!canDown} aria-label={`Move ${item.label} down`} onClick={() => act(i, 'down', moveDown)}>
                      ↓
                    </button>
                    <button type="button" className="icon-btn" data-action="out" disabled={item.depth === 0} aria-label={`Move ${item.label} out a level`} onClick={() => act(i, 'out', outdent)}>
                      ←
                    </button>
                    <button type="button" className="icon-btn" data-action="in" disabled={!canIndent} aria-label={`Put ${item.label} under the item above`} onClick={() => act(i, 'in', indent)}>
                      →
                    </button>
                    <button
                      type="button"
                      className="icon-btn danger"
                      aria-label={`Remove ${item.label}`}
                      onClick={() => {
                        const nextRow = items[i + 1] ?? items[i - 1]
                        focusAfter.current = nextRow ? { key: nextRow.key, action: 'remove' } : null
                        change(remove(items, i))
                        setAnnounce(`${item.label} removed.`)
                      }}
                    >
                      <Icon name="trash" size={16} />
                    </button>
                  </div>
                </li>
              )
            })}
          </ol>
        )}
        <div
          className="menu-drop-end"
          onDragOver={(e) => e.preventDefault()}
          onDrop={(e) => {
            e.preventDefault()
            const from = items.findIndex((x) => x.key === dragging)
            setDragging(null)
            if (from >= 0) change(moveBlockTo(items, from, -1))
          }}
          hidden={!dragging}
        >
          Drop here to move to the end
        </div>
        <div className="settings-actions">
          <button type="button" className="btn btn-primary" disabled={saving} onClick={() => void save()}>
            {saving ? 'Saving…' : 'Save menu'}
          </button>
          {dirty && <span className="muted small">You have unsaved changes.</span>}
        </div>
        <span className="visually-hidden" aria-live="polite">
          {announce}
        </span>
      </section>
    </div>
  )
}

function termTree(terms: TermOption[]): { id: number; label: string; depth: number }[] {
  const out: { id: number; label: string; depth: number }[] = []
  const walk = (parent: number, depth: number) => {
    for (const t of terms.filter((x) => x.parent === parent)) {
      out.push({ id: t.id, label: decodeEntities(t.name), depth })
      walk(t.id, depth + 1)
    }
  }
  walk(0, 0)
  return out
}

function PickList({ title, options, empty, onAdd }: { title: string; options: { id: number; label: string; depth: number }[]; empty: string; onAdd: (picked: { id: number; label: string }[]) => void }) {
  const [picked, setPicked] = useState<Set<number>>(new Set())
  const id = useId()
  return (
    <fieldset className="card pick-list">
      <legend className="pick-title">{title}</legend>
      {options.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="pick-options">
          {options.map((o) => (
            <li key={o.id} style={{ '--depth': o.depth } as CSSProperties}>
              <label className="check" htmlFor={`${id}-${o.id}`}>
                <input
                  id={`${id}-${o.id}`}
                  type="checkbox"
                  checked={picked.has(o.id)}
                  onChange={(e) => {
                    const next = new Set(picked)
                    if (e.target.checked) next.add(o.id)
                    else next.delete(o.id)
                    setPicked(next)
                  }}
                />
                {o.label}
              </label>
            </li>
          ))}
        </ul>
      )}
      <button
        type="button"
        className="btn btn-small"
        disabled={!picked.size}
        onClick={() => {
          onAdd(options.filter((o) => picked.has(o.id)))
          setPicked(new Set())
        }}
      >
        Add to menu
      </button>
    </fieldset>
  )
}

function CustomLink({ onAdd }: { onAdd: (label: string, url: string) => void }) {
  const [url, setUrl] = useState('https://')
  const [label, setLabel] = useState('')
  const [error, setError] = useState('')
  const id = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!/^(https?:\/\/[^\s]+\.[^\s]+|\/[^\s]*|mailto:[^\s]+)$/i.test(url.trim())) return setError('Enter an address starting with https://, http://, / or mailto:.')
    if (!label.trim()) return setError('Give the link a label.')
    onAdd(label.trim(), url.trim())
    setUrl('https://')
    setLabel('')
    setError('')
  }
  return (
    <form className="card pick-list" onSubmit={submit} aria-labelledby={`${id}-title`} noValidate>
      <h3 className="pick-title" id={`${id}-title`}>
        Custom link
      </h3>
      <div className="field">
        <label htmlFor={`${id}-url`}>URL</label>
        <input id={`${id}-url`} type="url" value={url} onChange={(e) => setUrl(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-label`}>Link text</label>
        <input id={`${id}-label`} value={label} onChange={(e) => setLabel(e.target.value)} />
      </div>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="btn btn-small">
        Add to menu
      </button>
    </form>
  )
}
