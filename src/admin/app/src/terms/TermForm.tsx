import { type FormEvent, useId, useState } from 'react'
import { decodeEntities } from '../format'
import { type Taxonomy, treeOrder, type WpTerm } from './terms'

export interface TermFields {
  name: string
  slug: string
  description: string
  parent: number
}

/** The fields of a term, for adding one and for editing one. */
export function TermForm({ taxonomy, initial, categories, submitLabel, busy, onSubmit, onCancel }: {
  taxonomy: Taxonomy
  initial?: WpTerm
  categories: WpTerm[]
  submitLabel: string
  busy: boolean
  onSubmit: (fields: TermFields) => Promise<boolean>
  onCancel?: () => void
}) {
  const id = useId()
  const blank = { name: '', slug: '', description: '', parent: 0 }
  const [fields, setFields] = useState<TermFields>(initial ? { name: decodeEntities(initial.name), slug: initial.slug, description: initial.description, parent: initial.parent ?? 0 } : blank)
  const set = (changes: Partial<TermFields>) => setFields((f) => ({ ...f, ...changes }))
  // A category cannot move under itself or its own descendants.
  const excluded = new Set<number>()
  if (initial) {
    excluded.add(initial.id)
    for (let grew = true; grew; ) {
      grew = false
      for (const c of categories) if (c.parent && excluded.has(c.parent) && !excluded.has(c.id)) (excluded.add(c.id), (grew = true))
    }
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if ((await onSubmit(fields)) && !initial) setFields(blank)
  }

  return (
    <form className="stack" onSubmit={(e) => void submit(e)}>
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input id={`${id}-name`} required maxLength={200} value={fields.name} onChange={(e) => set({ name: e.target.value })} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-slug`}>Slug</label>
        <input id={`${id}-slug`} value={fields.slug} onChange={(e) => set({ slug: e.target.value })} aria-describedby={`${id}-slug-help`} />
        <p className="help" id={`${id}-slug-help`}>The address-friendly name: lowercase letters, numbers and hyphens. Left empty, it is made from the name.</p>
      </div>
      {taxonomy === 'category' && (
        <div className="field">
          <label htmlFor={`${id}-parent`}>Parent category</label>
          <select id={`${id}-parent`} value={fields.parent} onChange={(e) => set({ parent: Number(e.target.value) })}>
            <option value={0}>None</option>
            {treeOrder(categories).filter(({ term }) => !excluded.has(term.id)).map(({ term, depth }) => (
              <option key={term.id} value={term.id}>{`${'— '.repeat(depth)}${decodeEntities(term.name)}`}</option>
            ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-description`}>Description</label>
        <textarea id={`${id}-description`} rows={3} value={fields.description} onChange={(e) => set({ description: e.target.value })} />
      </div>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy || !fields.name.trim()}>{busy ? 'Saving…' : submitLabel}</button>
        {onCancel && <button type="button" className="btn" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  )
}
