import { type FormEvent, useEffect, useId, useState } from 'react'
import { ApiError, errorMessage, request } from '../api'
import type { Boot } from '../boot'
import { Link, useRouter } from '../router'
import { Notice } from '../ui/Notice'
import { AuthLayout } from './AuthLayout'

export function Login({ boot, onDone }: { boot: Boot; onDone: (boot: Boot) => void }) {
  const { location } = useRouter()
  const [log, setLog] = useState('')
  const [pwd, setPwd] = useState('')
  const [remember, setRemember] = useState(false)
  const [error, setError] = useState<{ message: string; throttled: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  const id = useId()
  useEffect(() => {
    document.title = `Sign in · ${boot.site.title}`
  }, [boot.site.title])

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const { data } = await request<Boot>('/admin/api/login', { method: 'POST', body: { log, pwd, remember }, csrf: true })
      onDone(data)
    } catch (err) {
      setError({ message: errorMessage(err), throttled: err instanceof ApiError && err.status === 429 })
      setPwd('')
      setBusy(false)
    }
  }

  return (
    <AuthLayout
      siteTitle={boot.site.title}
      title="Sign in"
      footer={
        <a href="/" className="muted-link">
          ← Back to {boot.site.title}
        </a>
      }
    >
      {location.search.has('signed_out') && !error && <Notice kind="success">You are signed out.</Notice>}
      {error && (
        <Notice kind={error.throttled ? 'warning' : 'error'}>
          {error.message}
          {error.throttled && (
            <>
              {' '}
              <Link to="/admin/lost-password">Reset your password</Link>
            </>
          )}
        </Notice>
      )}
      <form className="stack" onSubmit={submit}>
        <div className="field">
          <label htmlFor={`${id}-log`}>Email or username</label>
          <input id={`${id}-log`} name="log" required autoComplete="username" value={log} onChange={(e) => setLog(e.target.value)} autoFocus />
        </div>
        <div className="field">
          <div className="label-row">
            <label htmlFor={`${id}-pwd`}>Password</label>
            <Link to="/admin/lost-password" className="small-link">
              Forgot?
            </Link>
          </div>
          <input id={`${id}-pwd`} name="pwd" type="password" required autoComplete="current-password" value={pwd} onChange={(e) => setPwd(e.target.value)} />
        </div>
        <label className="check">
          <input type="checkbox" name="remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
          <span>Remember me for two weeks</span>
        </label>
        <button type="submit" className="btn btn-primary btn-block" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </AuthLayout>
  )
}
