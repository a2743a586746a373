import { useEffect } from 'react'
import { Link } from '../router'
import { useSession } from '../session'
import { NotFound } from '../shell/Missing'
import { Discussion } from './Discussion'
import { General } from './General'
import { Menus } from './Menus'
import { Permalinks } from './Permalinks'
import { Reading } from './Reading'
import { Themes } from './Themes'
import './settings.css'

export const SETTINGS_TABS = [
  { slug: 'general', label: 'General', intro: 'The site’s name, its address, and how dates and times are shown.', Screen: General },
  { slug: 'reading', label: 'Reading', intro: 'What the front page shows, how much a page and a feed carry, and search engines.', Screen: Reading },
  { slug: 'discussion', label: 'Discussion', intro: 'Who may comment, what is held for moderation, and when you hear about it.', Screen: Discussion },
  { slug: 'permalinks', label: 'Permalinks', intro: 'The addresses of posts and archives.', Screen: Permalinks },
  { slug: 'theme', label: 'Theme', intro: 'How the site looks to readers.', Screen: Themes },
  { slug: 'menus', label: 'Menus', intro: 'The navigation in the site’s header (and wherever the theme shows menus).', Screen: Menus },
] as const

/** `/admin/settings/<tab>`: the Settings group, for administrators (`manage_options`). */
export default function SettingsScreen({ path }: { path: string }) {
  const { boot } = useSession()
  const slug = path.split('/')[3] ?? 'general'
  const tab = SETTINGS_TABS.find((t) => t.slug === slug)
  useEffect(() => {
    if (tab) document.title = `${tab.label} settings · ${boot.site.title}`
  }, [tab, boot.site.title])
  if (!tab) return <NotFound />
  const { Screen } = tab
  return (
    <div className="page settings-page">
      <header className="page-head settings-head">
        <div>
          <h1>{tab.label} settings</h1>
          <p className="page-sub">{tab.intro}</p>
        </div>
      </header>
      <nav className="tabs settings-tabs" aria-label="Settings">
        {SETTINGS_TABS.map((t) => (
          <Link key={t.slug} to={`/admin/settings/${t.slug}`} className="tab" aria-current={t.slug === tab.slug ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <Screen key={tab.slug} />
    </div>
  )
}
