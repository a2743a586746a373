import { type FormEvent, useEffect, useId, useState } from 'react'
import { errorMessage, get, request } from '../api'
import type { Boot } from '../boot'
import { Link } from '../router'
import { Notice } from '../ui/Notice'
import { AuthLayout } from './AuthLayout'

/**
 * With mail, a link to choose a new password is sent (the same answer whether or not an account matches). Without
 * mail, a password is reset on the server with the `pressroom` command, as WP-CLI does it.
 */
export function LostPassword({ boot }: { boot: Boot }) {
  const [who, setWho] = useState('')
  const [mail, setMail] = useState<boolean | null>(null)
  const [state, setState] = useState<{ busy?: boolean; sent?: boolean; error?: string }>({})
  const id = useId()
  useEffect(() => {
    document.title = `Lost password · ${boot.site.title}`
    get<{ mail: boolean }>('/admin/api/lost-password').then((r) => setMail(r.mail), () => setMail(false))
  }, [boot.site.title])
  const command = `pressroom user reset-password ${who.trim() || 'YOUR_EMAIL'}`

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setState({ busy: true })
    try {
      await request('/admin/api/lost-password', { method: 'POST', body: { login: who.trim() }, csrf: true })
      setState({ sent: true })
    } catch (err) {
      setState({ error: errorMessage(err) })
    }
  }

  const footer = <Link to="/admin/login" className="muted-link">← Back to sign in</Link>
  if (mail) {
    return (
      <AuthLayout siteTitle={boot.site.title} title="Lost your password?" intro={<p>Enter your email address or username: we will email you a link to choose a new password.</p>} footer={footer}>
        {state.sent ? (
          <Notice kind="success">If an account matches “{who.trim()}”, a link is on its way to its email address. It works once, for 24 hours.</Notice>
        ) : (
          <form className="stack" onSubmit={submit}>
            <div className="field">
              <label htmlFor={`${id}-who`}>Your email or username</label>
              <input id={`${id}-who`} value={who} onChange={(e) => setWho(e.target.value)} autoComplete="username" required />
            </div>
            {state.error && <Notice>{state.error}</Notice>}
            <button type="submit" className="btn btn-primary btn-block" disabled={state.busy}>{state.busy ? 'Sending…' : 'Email me a link'}</button>
          </form>
        )}
      </AuthLayout>
    )
  }
  return (
    <AuthLayout
      siteTitle={boot.site.title}
      title="Lost your password?"
      intro={<p>This site does not send email, so a new password is set on the server. Ask the person who runs the site, or if that is you, run this command in the site’s folder:</p>}
      footer={footer}
    >
      <div className="field">
        <label htmlFor={`${id}-who`}>Your email or username</label>
        <input id={`${id}-who`} value={who} onChange={(e) => setWho(e.target.value)} autoComplete="username" />
      </div>
      <pre className="command">
        <code>{command}</code>
      </pre>
      <p className="help">It prints a new password once (or pass <code>--password</code> to choose one); sign in with it.</p>
    </AuthLayout>
  )
}
