import { type CSSProperties, useEffect, useState } from 'react'
import { errorMessage, get } from '../api'
import { useSession } from '../session'
import { Notice, Spinner } from '../ui/Notice'
import { saveSettings } from './api'

export interface ThemeInfo {
  name: string
  title: string
  description: string
  version: string
  author: string
  menus: Record<string, string>
  preview: { background: string; ink: string; accent: string; font: 'serif' | 'sans-serif' }
  screenshot: string | null
}

export const loadThemes = () => get<{ active: string; themes: ThemeInfo[] }>('/admin/api/themes')

/** Theme: the installed themes as cards; one is active, another is a click away. */
export function Themes() {
  const [data, setData] = useState<{ active: string; themes: ThemeInfo[] } | null>(null)
  const [error, setError] = useState('')
  const [notice, setNotice] = useState('')
  const [busy, setBusy] = useState('')
  useEffect(() => {
    loadThemes().then(setData, (err: unknown) => setError(errorMessage(err)))
  }, [])
  if (!data) return error ? <Notice>{error}</Notice> : <Spinner />

  const activate = async (theme: ThemeInfo) => {
    setBusy(theme.name)
    setError('')
    setNotice('')
    try {
      const settings = await saveSettings({ theme: theme.name })
      setData({ ...data, active: String(settings.theme) })
      setNotice(`${theme.title} is now the site’s theme.`)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy('')
    }
  }

  return (
    <div>
      {error && <Notice>{error}</Notice>}
      {notice && (
        <Notice kind="success">
          {notice}{' '}
          <a href="/" target="_blank" rel="noopener">
            View the site
          </a>
        </Notice>
      )}
      <ul className="theme-grid">
        {data.themes.map((theme) => {
          const active = theme.name === data.active
          return (
            <li key={theme.name} className={`theme-card${active ? ' is-active' : ''}`}>
              <ThemePreview theme={theme} />
              <div className="theme-body">
                <h2 className="theme-title">
                  {theme.title} {active && <span className="badge badge-active">Active</span>}
                </h2>
                <p className="theme-description">{theme.description}</p>
                <p className="muted small">
                  {theme.version && <>Version {theme.version} · </>}
                  <code>{theme.name}</code> · menus: {Object.values(theme.menus).join(', ')}
                </p>
              </div>
              <div className="theme-actions">
                {active ? (
                  <a className="btn" href="/" target="_blank" rel="noopener">
                    View site
                  </a>
                ) : (
                  <button type="button" className="btn btn-primary" disabled={!!busy} onClick={() => void activate(theme)} aria-label={`Activate ${theme.title}`}>
                    {busy === theme.name ? 'Activating…' : 'Activate'}
                  </button>
                )}
              </div>
            </li>
          )
        })}
      </ul>
    </div>
  )
}

/** The theme's screenshot, or a small drawing of its front page in its own colours and type. */
function ThemePreview({ theme }: { theme: ThemeInfo }) {
  const { boot } = useSession()
  if (theme.screenshot) return <img className="theme-shot" src={theme.screenshot} alt="" />
  const { background, ink, accent, font } = theme.preview
  return (
    <div className={`theme-mock theme-mock-${font === 'serif' ? 'serif' : 'sans'}`} aria-hidden="true" style={{ '--mock-bg': background, '--mock-ink': ink, '--mock-accent': accent } as CSSProperties}>
      <div className="mock-title">{boot.site.title || 'Pressroom'}</div>
      <div className="mock-nav">
        <span />
        <span />
        <span />
        <span />
      </div>
      {font === 'serif' ? (
        <div className="mock-body">
          <div className="mock-lead">
            <span className="mock-kicker" />
            <span className="mock-headline" />
            <span className="mock-headline short" />
            <span className="mock-line" />
            <span className="mock-line" />
          </div>
          <div className="mock-rail">
            <span className="mock-line" />
            <span className="mock-line" />
            <span className="mock-line" />
          </div>
        </div>
      ) : (
        <div className="mock-grid">
          {[0, 1, 2].map((n) => (
            <div key={n} className="mock-card">
              <span className="mock-image" />
              <span className="mock-kicker" />
              <span className="mock-headline short" />
              <span className="mock-line" />
            </div>
          ))}
        </div>
      )}
    </div>
  )
}
