import { type FormEvent, useId, useState } from 'react'
import { errorMessage, post } from '../api'
import { Notice } from '../ui/Notice'
import { PasswordField } from './PasswordField'
import { ROLES, type WpUser } from './types'

/** "Add user": an account with a password set now. Invitations by email need the site to send mail. */
export function AddUser({ mail, onCreated, onCancel }: { mail: boolean; onCreated: (u: WpUser, invited: boolean) => void; onCancel: () => void }) {
  const id = useId()
  const [form, setForm] = useState({ username: '', email: '', name: '', role: 'author', password: '' })
  const [invite, setInvite] = useState(mail)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const set = (k: keyof typeof form) => (v: string) => setForm((f) => ({ ...f, [k]: v }))
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    setError('')
    try {
      const fields = { username: form.username.trim(), email: form.email.trim(), name: form.name.trim() || form.username.trim() }
      if (invite) {
        await post('/admin/api/users/invite', { ...fields, role: form.role })
        onCreated({ id: 0, ...fields, roles: [form.role] }, true)
      } else {
        onCreated(await post<WpUser>('/wp-json/wp/v2/users', { ...fields, roles: [form.role], password: form.password }), false)
      }
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }
  return (
    <form className="card stack add-user" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Add user</h2>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-login`}>Username</label>
          <input id={`${id}-login`} required maxLength={60} autoComplete="off" value={form.username} onChange={(e) => set('username')(e.target.value)} />
          <p className="help">Letters, digits and _ . @ - ; it cannot be changed later.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-email`}>Email</label>
          <input id={`${id}-email`} type="email" required autoComplete="off" value={form.email} onChange={(e) => set('email')(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-name`}>Name</label>
          <input id={`${id}-name`} autoComplete="off" value={form.name} onChange={(e) => set('name')(e.target.value)} />
          <p className="help">As bylines show it.</p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-role`}>Role</label>
          <select id={`${id}-role`} value={form.role} onChange={(e) => set('role')(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r.slug} value={r.slug}>{r.name}</option>
            ))}
          </select>
        </div>
      </div>
      {mail ? (
        <fieldset className="fieldset">
          <legend>Password</legend>
          <label className="check">
            <input type="radio" name={`${id}-how`} checked={invite} onChange={() => setInvite(true)} /> Send an invitation by email: they choose their own password
          </label>
          <label className="check">
            <input type="radio" name={`${id}-how`} checked={!invite} onChange={() => setInvite(false)} /> Set a password now
          </label>
        </fieldset>
      ) : (
        <Notice kind="info">
          This site does not send email, so it cannot send an invitation. Set a password here and share it safely, or have the person who runs the server set one with <code>pressroom user reset-password EMAIL</code>.
        </Notice>
      )}
      {!invite && <PasswordField id={`${id}-password`} label="Password" value={form.password} onChange={set('password')} personal={[form.username, form.email, form.name]} generate />}
      {error && <Notice>{error}</Notice>}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={busy}>{busy ? 'Adding…' : invite ? 'Add and send invitation' : 'Add user'}</button>
        <button type="button" className="btn" onClick={onCancel}>Cancel</button>
      </div>
    </form>
  )
}
