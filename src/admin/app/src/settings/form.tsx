import { type FormEvent, type ReactNode, useCallback, useEffect, useId, useState } from 'react'
import { ApiError, errorMessage } from '../api'
import { Notice, Spinner } from '../ui/Notice'

export type Values = Record<string, unknown>

/** Field errors from a 400: `data.errors` names each wrong field; otherwise `data.key` names one. */
export function fieldErrors(err: unknown, rename: Record<string, string> = {}): Record<string, string> {
  if (!(err instanceof ApiError) || err.status !== 400) return {}
  // The admin API names them in `errors`, WordPress's REST API in `params` (rest_invalid_param).
  const named = (err.data.errors ?? err.data.params ?? (typeof err.data.key === 'string' ? { [err.data.key]: err.message } : {})) as Record<string, string>
  return Object.fromEntries(Object.entries(named).map(([key, message]) => [rename[key] ?? key, message]))
}

export interface Form {
  values: Values
  errors: Record<string, string>
  set: (key: string, value: unknown) => void
  idFor: (key: string) => string
}

/**
 * A settings form: loads values, keeps the edits, sends only what changed, and puts each refusal next to its
 * field (the first wrong field gets the focus). `rename` maps the server's keys to this form's.
 */
export function useSettingsForm(load: () => Promise<Values>, save: (changes: Values) => Promise<Values>, rename: Record<string, string> = {}) {
  const [saved, setSaved] = useState<Values | null>(null)
  const [values, setValues] = useState<Values>({})
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [saving, setSaving] = useState(false)
  // Counts refusals: after the one that marked the fields has rendered, the first wrong field gets the focus.
  const [refusals, setRefusals] = useState(0)
  const prefix = useId()

  useEffect(() => {
    if (refusals) (document.querySelector('[aria-invalid="true"]') as HTMLElement | null)?.focus()
  }, [refusals])

  useEffect(() => {
    let live = true
    load().then(
      (v) => live && (setSaved(v), setValues(v)),
      (err: unknown) => live && setError(errorMessage(err)),
    )
    return () => {
      live = false
    }
  }, [])

  const set = useCallback((key: string, value: unknown) => {
    setValues((v) => ({ ...v, [key]: value }))
    setErrors((e) => {
      if (!(key in e)) return e
      const { [key]: _gone, ...rest } = e
      return rest
    })
    setNotice('')
  }, [])

  const changes = saved ? Object.fromEntries(Object.entries(values).filter(([k, v]) => JSON.stringify(v) !== JSON.stringify(saved[k]))) : {}
  const dirty = Object.keys(changes).length > 0

  async function submit(e?: FormEvent, extra: Values = {}) {
    e?.preventDefault()
    const sending = { ...changes, ...extra }
    if (!Object.keys(sending).length) {
      setNotice('Nothing to save: no setting changed.')
      return
    }
    setSaving(true)
    setError('')
    setNotice('')
    try {
      const next = await save(sending)
      setSaved(next)
      setValues(next)
      setErrors({})
      setNotice('Settings saved. The site shows them now.')
    } catch (err) {
      const named = fieldErrors(err, rename)
      setErrors(named)
      setError(Object.keys(named).length ? 'Some settings were not saved: see the fields marked below.' : errorMessage(err))
      setRefusals((n) => n + 1)
    } finally {
      setSaving(false)
    }
  }

  const form: Form = { values, errors, set, idFor: (key) => `${prefix}-${key}` }
  return { form, saved, setSaved, setValues, error, notice, saving, dirty, submit }
}

export type SettingsForm = ReturnType<typeof useSettingsForm>

/** The frame of a settings tab: loading, messages, the fields, and the save button. */
export function FormFrame({ state, label, children, saveLabel = 'Save changes' }: { state: SettingsForm; label: string; children: ReactNode; saveLabel?: string }) {
  if (!state.saved) return state.error ? <Notice>{state.error}</Notice> : <Spinner />
  return (
    <form className="settings-form" aria-label={label} onSubmit={(e) => void state.submit(e)} noValidate>
      {state.error && <Notice>{state.error}</Notice>}
      {state.notice && <Notice kind="success">{state.notice}</Notice>}
      {children}
      <div className="settings-actions">
        <button type="submit" className="btn btn-primary" disabled={state.saving}>
          {state.saving ? 'Saving…' : saveLabel}
        </button>
        {state.dirty && <span className="muted small">You have unsaved changes.</span>}
      </div>
    </form>
  )
}

/** A labelled control with its help and its error, tied together for screen readers. */
export function Field({ form, name, label, help, children }: { form: Form; name: string; label: string; help?: ReactNode; children: (props: ControlProps) => ReactNode }) {
  const id = form.idFor(name)
  const error = form.errors[name]
  const described = [help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children({ id, 'aria-describedby': described, 'aria-invalid': error ? true : undefined })}
      {help && (
        <p className="help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

export interface ControlProps {
  id: string
  'aria-describedby': string | undefined
  'aria-invalid': true | undefined
}

export function TextField({ form, name, label, help, type = 'text', ...rest }: { form: Form; name: string; label: string; help?: ReactNode; type?: string; placeholder?: string; autoComplete?: string }) {
  return (
    <Field form={form} name={name} label={label} help={help}>
      {(props) => <input {...props} {...rest} type={type} value={String(form.values[name] ?? '')} onChange={(e) => form.set(name, e.target.value)} />}
    </Field>
  )
}

export function NumberField({ form, name, label, help, min, max, suffix }: { form: Form; name: string; label: string; help?: ReactNode; min?: number; max?: number; suffix?: string }) {
  return (
    <Field form={form} name={name} label={label} help={help}>
      {(props) => (
        <span className="number-row">
          <input
            {...props}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            className="input-number"
            value={form.values[name] === '' ? '' : String(form.values[name] ?? '')}
            onChange={(e) => form.set(name, e.target.value === '' ? '' : Number(e.target.value))}
          />
          {suffix && <span className="muted">{suffix}</span>}
        </span>
      )}
    </Field>
  )
}

export function CheckField({ form, name, label, help, invert = false }: { form: Form; name: string; label: ReactNode; help?: ReactNode; invert?: boolean }) {
  const id = form.idFor(name)
  const error = form.errors[name]
  const checked = invert ? !form.values[name] : !!form.values[name]
  return (
    <div className="check-field">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-describedby={[help ? `${id}-help` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined}
          aria-invalid={error ? true : undefined}
          onChange={(e) => form.set(name, invert ? !e.target.checked : e.target.checked)}
        />
        <span>{label}</span>
      </label>
      {help && (
        <p className="help check-help" id={`${id}-help`}>
          {help}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      )}
    </div>
  )
}

/** A group of fields under a heading, as WordPress's settings pages group theirs. */
export function Section({ title, children, description }: { title: string; children: ReactNode; description?: ReactNode }) {
  const id = useId()
  return (
    <section className="card settings-section" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {description && <p className="muted small section-description">{description}</p>}
      <div className="stack">{children}</div>
    </section>
  )
}
