import { type FormEvent, useEffect, useId, useState } from 'react'
import { errorMessage, request } from '../api'
import { AuthLayout } from '../auth/AuthLayout'
import type { Boot } from '../boot'
import { Link, useRouter } from '../router'
import { Notice } from '../ui/Notice'
import { PasswordField } from './PasswordField'

/** Where a reset or invitation link leads: choose a password, then sign in with it. */
export function ResetPassword({ boot }: { boot: Boot }) {
  const { location } = useRouter()
  const login = location.search.get('login') ?? ''
  const key = location.search.get('key') ?? ''
  const id = useId()
  const [password, setPassword] = useState('')
  const [state, setState] = useState<{ busy?: boolean; error?: string; done?: boolean }>({})
  useEffect(() => {
    document.title = `Choose a password · ${boot.site.title}`
  }, [boot.site.title])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setState({ busy: true })
    try {
      await request('/admin/api/reset-password', { method: 'POST', body: { login, key, password }, csrf: true })
      setState({ done: true })
    } catch (err) {
      setState({ error: errorMessage(err) })
    }
  }

  return (
    <AuthLayout
      siteTitle={boot.site.title}
      title="Choose a password"
      intro={<p>For the account <strong>{login || '(no username in the link)'}</strong>.</p>}
      footer={<Link to="/admin/login" className="muted-link">← Sign in</Link>}
    >
      {state.done ? (
        <div className="stack">
          <Notice kind="success">Your password is set. Sign in with it now.</Notice>
          <Link to="/admin/login" className="btn btn-primary btn-block">Sign in</Link>
        </div>
      ) : (
        <form className="stack" onSubmit={submit}>
          <PasswordField id={`${id}-password`} label="New password" value={password} onChange={setPassword} personal={[login]} generate />
          {state.error && <Notice>{state.error}</Notice>}
          <button type="submit" className="btn btn-primary btn-block" disabled={state.busy || !login || !key}>
            {state.busy ? 'Saving…' : 'Save password'}
          </button>
        </form>
      )}
    </AuthLayout>
  )
}
