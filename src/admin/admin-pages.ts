import type { Settings } from '../settings/index.js'
import { escapeHtml } from '../shared/html.js'
import { layout } from '../site/layout.js'
import { CSRF_FIELD } from '../http/csrf.js'

const page = (settings: Pick<Settings, 'title' | 'tagline'>, title: string, body: string) =>
  layout({ title: `${title} ‹ ${settings.title}`, siteTitle: settings.title, tagline: settings.tagline, body })

const notice = (message?: string) => (message ? `<p class="notice error" role="alert">${escapeHtml(message)}</p>` : '')
const field = (name: string, label: string, type: string, value = '', extra = '') =>
  `<label>${label}<input name="${name}" type="${type}" value="${escapeHtml(value)}" ${extra}></label>`

export function setupPage(settings: Settings, csrf: string, values: Record<string, string> = {}, error?: string): string {
  return page(settings, 'Set up your site', `<h1>Welcome to Pressroom</h1>
<p>Create the site's first administrator. You can change all of this later.</p>
${notice(error)}
<form class="stack" method="post" action="/admin/setup">
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrf)}">
${field('title', 'Site title', 'text', values.title ?? settings.title, 'required maxlength="200"')}
${field('name', 'Your name', 'text', values.name ?? '', 'required autocomplete="name" maxlength="250"')}
${field('email', 'Your email', 'email', values.email ?? '', 'required autocomplete="email"')}
${field('password', 'Password (at least 8 characters)', 'password', '', 'required minlength="8" autocomplete="new-password"')}
<button type="submit">Create site and sign in</button>
</form>`)
}

export function loginPage(settings: Settings, csrf: string, values: Record<string, string> = {}, error?: string): string {
  return page(settings, 'Sign in', `<h1>Sign in</h1>
${notice(error)}
<form class="stack" method="post" action="/admin/login">
<input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrf)}">
${field('log', 'Email or username', 'text', values.log ?? '', 'required autocomplete="username"')}
${field('pwd', 'Password', 'password', '', 'required autocomplete="current-password"')}
<label style="display:flex;gap:.5rem;font-weight:400"><input type="checkbox" name="rememberme" value="forever"> Remember me</label>
<button type="submit">Sign in</button>
</form>
<p class="meta">Lost your password? Run <code>pressroom user reset-password YOUR_EMAIL</code> on the server.</p>`)
}

export function dashboardPage(settings: Settings, csrf: string, user: { display_name: string; role: string }, counts: { published: number; drafts: number; pending: number }): string {
  return page(settings, 'Dashboard', `<h1>Dashboard</h1>
<p>Signed in as <strong>${escapeHtml(user.display_name)}</strong> (${escapeHtml(user.role)}).</p>
<ul><li>${counts.published} published posts</li><li>${counts.drafts} drafts</li><li>${counts.pending} pending review</li></ul>
<p><a href="/">View the site</a></p>
<form method="post" action="/admin/logout"><input type="hidden" name="${CSRF_FIELD}" value="${escapeHtml(csrf)}"><button type="submit">Sign out</button></form>`)
}
