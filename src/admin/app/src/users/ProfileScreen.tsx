import { type FormEvent, useEffect, useId, useState } from 'react'
import { del, errorMessage, get, post, wp } from '../api'
import { formatDateTime, fromGmt } from '../format'
import { useSession } from '../session'
import { Dialog } from '../ui/Dialog'
import { Notice } from '../ui/Notice'
import { PasswordField } from './PasswordField'
import './users.css'

interface AppPassword {
  uuid: string
  name: string
  created: string
  last_used: string | null
  last_ip: string | null
}

/** Your profile: name and email, a new password (the current one first), and application passwords for apps and scripts. */
export function ProfileScreen() {
  const { boot, user } = useSession()
  useEffect(() => {
    document.title = `Profile · ${boot.site.title}`
  }, [boot.site.title])
  return (
    <div className="page profile-page">
      <header className="page-head">
        <div>
          <h1>Profile</h1>
          <p className="page-sub">{user.login} · {user.role_name}</p>
        </div>
      </header>
      <AboutYou />
      <ChangePassword />
      <AppPasswords />
    </div>
  )
}

function AboutYou() {
  const { user } = useSession()
  const id = useId()
  const [form, setForm] = useState({ name: user.name, email: user.email })
  const [state, setState] = useState<{ busy?: boolean; error?: string; done?: string }>({})
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setState({ busy: true })
    try {
      await post(wp('/users/me'), { name: form.name.trim(), email: form.email.trim() })
      setState({ done: 'Your profile was saved.' })
    } catch (err) {
      setState({ error: errorMessage(err) })
    }
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>About you</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-name`}>Display name</label>
          <input id={`${id}-name`} required maxLength={250} autoComplete="name" value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
          <p className="help">Bylines show it.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" required autoComplete="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />
          <p className="help">You sign in with it; it is never shown on the site.</p>
        </div>
      </div>
      {state.error && <Notice>{state.error}</Notice>}
      {state.done && <Notice kind="success">{state.done}</Notice>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.busy}>Save profile</button>
      </div>
    </form>
  )
}

function ChangePassword() {
  const { user } = useSession()
  const id = useId()
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [state, setState] = useState<{ busy?: boolean; error?: string; done?: string }>({})
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setState({ busy: true })
    try {
      await post('/admin/api/profile/password', { current_password: current, password: next })
      setCurrent('')
      setNext('')
      setState({ done: 'Your password was changed.' })
    } catch (err) {
      setState({ error: errorMessage(err) })
    }
  }
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Password</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-current`}>Current password</label>
          <input id={`${id}-current`} type="password" required autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
        <PasswordField id={`${id}-new`} label="New password" value={next} onChange={setNext} personal={[user.name, user.email, user.login]} />
      </div>
      {state.error && <Notice>{state.error}</Notice>}
      {state.done && <Notice kind="success">{state.done}</Notice>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={state.busy}>Change password</button>
      </div>
    </form>
  )
}

function AppPasswords() {
  const { boot } = useSession()
  const id = useId()
  const [list, setList] = useState<AppPassword[] | null>(null)
  const [name, setName] = useState('')
  const [created, setCreated] = useState<{ name: string; password: string } | null>(null)
  const [copied, setCopied] = useState(false)
  const [error, setError] = useState('')
  const [message, setMessage] = useState('')
  const [confirmAll, setConfirmAll] = useState(false)
  const [reload, setReload] = useState(0)
  const base = wp('/users/me/application-passwords')

  useEffect(() => {
    get<AppPassword[]>(base).then(setList, (err) => setError(errorMessage(err)))
  }, [base, reload])

  const run = async (work: () => Promise<unknown>, done = '') => {
    setError('')
    setMessage('')
    try {
      await work()
      setMessage(done)
      setReload((n) => n + 1)
    } catch (err) {
      setError(errorMessage(err))
    }
  }

  const create = (e: FormEvent) => {
    e.preventDefault()
    setCopied(false)
    void run(async () => {
      const made = await post<{ name: string; password: string }>(base, { name: name.trim() })
      setCreated({ name: made.name, password: made.password })
      setName('')
    })
  }

  const copy = async () => {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.password)
      setCopied(true)
    } catch {
      setError('The browser would not copy: select the password and copy it by hand.')
    }
  }

  return (
    <section className="card stack" aria-labelledby={`${id}-title`}>
      <div>
        <h2 id={`${id}-title`}>Application passwords</h2>
        <p className="muted">For apps and scripts that use the REST API (<code>/wp-json/</code>) as you, with HTTP Basic authentication: your username and one of these. Each can be revoked alone; your own password stays private.</p>
      </div>
      <form className="row app-password-form" onSubmit={create}>
        <div className="field grow">
          <label htmlFor={`${id}-name`}>New application password name</label>
          <input id={`${id}-name`} required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} placeholder="e.g. Newsroom mobile app" />
        </div>
        <button type="submit" className="btn btn-primary">Add application password</button>
      </form>
      {created && (
        <div className="new-app-password" role="status">
          <p>
            Your new password for <strong>{created.name}</strong>. Copy it now: it will not be shown again.
          </p>
          <code className="app-password-value">{created.password}</code>
          <div className="row">
            <button type="button" className="btn btn-small" onClick={copy}>{copied ? 'Copied' : 'Copy'}</button>
            <button type="button" className="btn btn-small btn-ghost" onClick={() => setCreated(null)}>Done</button>
          </div>
        </div>
      )}
      {error && <Notice>{error}</Notice>}
      {message && <Notice kind="success">{message}</Notice>}
      {list && list.length === 0 && <p className="muted">You have no application passwords.</p>}
      {list && list.length > 0 && (
        <>
          <table className="table app-passwords-table">
            <caption className="visually-hidden">Your application passwords</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Last IP</th>
                <th scope="col"><span className="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {list.map((p) => (
                <tr key={p.uuid}>
                  <td><strong>{p.name}</strong></td>
                  <td data-label="Created">{formatDateTime(fromGmt(p.created), boot.site.timezone)}</td>
                  <td data-label="Last used">{p.last_used ? formatDateTime(fromGmt(p.last_used), boot.site.timezone) : '—'}</td>
                  <td data-label="Last IP">{p.last_ip ?? '—'}</td>
                  <td>
                    <button type="button" className="btn btn-small" onClick={() => run(() => del(`${base}/${p.uuid}`), `“${p.name}” was revoked.`)}>
                      Revoke<span className="visually-hidden"> “{p.name}”</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="row">
            <button type="button" className="btn btn-danger btn-small" onClick={() => setConfirmAll(true)}>Revoke all application passwords</button>
          </div>
        </>
      )}
      <Dialog
        open={confirmAll}
        title="Revoke every application password?"
        onClose={() => setConfirmAll(false)}
        actions={
          <>
            <button type="button" className="btn" onClick={() => setConfirmAll(false)}>Cancel</button>
            <button type="button" className="btn btn-danger" onClick={() => (setConfirmAll(false), void run(() => del(base), 'Every application password was revoked.'))}>Revoke all</button>
          </>
        }
      >
        <p>Every app and script that uses one stops working until it is given a new one.</p>
      </Dialog>
    </section>
  )
}
