import { type FormEvent, useEffect, useId, useState } from 'react'
import { errorMessage, request } from '../api'
import type { Boot } from '../boot'
import { Notice } from '../ui/Notice'
import { AuthLayout } from './AuthLayout'
import { passwordStrength } from './strength'

/** First run: the site's title and its first administrator, then straight into the dashboard. */
export function Setup({ boot, onDone }: { boot: Boot; onDone: (boot: Boot) => void }) {
  const [form, setForm] = useState({ title: boot.site.title === 'Pressroom' ? '' : boot.site.title, name: '', email: '', password: '' })
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [show, setShow] = useState(false)
  const id = useId()
  useEffect(() => {
    document.title = 'Set up your site · Pressroom'
  }, [])
  const strength = passwordStrength(form.password, [form.name, form.email, form.title])
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [key]: e.target.value })

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const { data } = await request<Boot>('/admin/api/setup', { method: 'POST', body: form, csrf: true })
      onDone(data)
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  return (
    <AuthLayout siteTitle="Pressroom" title="Welcome! Let’s set up your site" intro={<p>Name your publication and create the first administrator account. You can change everything later.</p>}>
      {error && <Notice>{error}</Notice>}
      <form className="stack" onSubmit={submit} noValidate={false}>
        <div className="field">
          <label htmlFor={`${id}-title`}>Site title</label>
          <input id={`${id}-title`} name="title" required maxLength={200} value={form.title} onChange={set('title')} placeholder="The Daily Planet" autoFocus />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Your name</label>
          <input id={`${id}-name`} name="name" required maxLength={250} autoComplete="name" value={form.name} onChange={set('name')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email address</label>
          <input id={`${id}-email`} name="email" type="email" required autoComplete="email" value={form.email} onChange={set('email')} />
          <p className="help">You sign in with it. It is never shown on the site.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-password`}>Password</label>
          <div className="input-with-button">
            <input id={`${id}-password`} name="password" type={show ? 'text' : 'password'} required minLength={8} autoComplete="new-password" value={form.password} onChange={set('password')} aria-describedby={`${id}-strength`} />
            <button type="button" className="btn btn-ghost btn-small" onClick={() => setShow(!show)} aria-pressed={show}>
              {show ? 'Hide' : 'Show'}
            </button>
          </div>
          <div className="strength" data-score={form.password ? strength.score : -1} id={`${id}-strength`} aria-live="polite">
            <div className="strength-bar" aria-hidden="true">
              {[0, 1, 2, 3].map((i) => (
                <span key={i} className={form.password && strength.score > i ? 'on' : ''} />
              ))}
            </div>
            <p className="help">{form.password ? <><strong>{strength.label}.</strong> {strength.hint}</> : 'At least 8 characters. A phrase of a few unrelated words is strong and easy to remember.'}</p>
          </div>
        </div>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Creating your site…' : 'Create site and sign in'}
        </button>
      </form>
    </AuthLayout>
  )
}
