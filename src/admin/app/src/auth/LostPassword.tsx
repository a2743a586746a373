import { useEffect, useId, useState } from 'react'
import type { Boot } from '../boot'
import { Link } from '../router'
import { AuthLayout } from './AuthLayout'

/** Without mail set up, a password is reset on the server with the `pressroom` command, as WP-CLI does it. */
export function LostPassword({ boot }: { boot: Boot }) {
  const [who, setWho] = useState('')
  const id = useId()
  useEffect(() => {
    document.title = `Lost password · ${boot.site.title}`
  }, [boot.site.title])
  const command = `pressroom user reset-password ${who.trim() || 'YOUR_EMAIL'}`
  return (
    <AuthLayout
      siteTitle={boot.site.title}
      title="Lost your password?"
      intro={<p>This site does not send email, so a new password is set on the server. Ask the person who runs the site, or if that is you, run this command in the site’s folder:</p>}
      footer={<Link to="/admin/login" className="muted-link">← Back to sign in</Link>}
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
