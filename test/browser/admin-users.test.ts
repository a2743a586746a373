import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { systemActor } from '../../src/users/index.js'
import { type AdminSession, PASSWORD, startAdminSession } from '../admin/helpers.js'
import { screenshot } from '../helpers/browser.js'
import type { TestServer } from '../helpers/server.js'
import { resetLink, startSmtp } from '../helpers/smtp.js'

/** Users and the profile with application passwords, driven in Chromium by an administrator. */
describe('users and profile in the admin, in Chromium', () => {
  let session: AdminSession
  let server: TestServer
  let browser: AdminSession['browser']
  let page: Page
  let appPassword = ''

  beforeAll(async () => {
    session = await startAdminSession({ role: 'administrator', permissions: ['clipboard-read', 'clipboard-write'] })
    ;({ server, browser, page } = session)
  }, 60_000)
  afterAll(() => session?.close())

  const checkPage = (name: string) => session.checkPage(name)
  const row = (text: string) => page.locator('.users-table tbody tr').filter({ hasText: text })

  test('adds an author with a password, with the strength meter and the note that mail is off', async () => {
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
    await page.getByRole('heading', { name: 'Users' }).waitFor()
    await row('The editor').waitFor()
    await page.getByRole('button', { name: 'Add user' }).click()
    const form = page.locator('.add-user')
    await form.getByLabel('Username').fill('jimmy')
    await form.getByLabel('Email', { exact: true }).fill('jimmy@planet.example')
    await form.getByLabel('Name', { exact: true }).fill('Jimmy Olsen')
    await form.getByLabel('Role').selectOption('author')
    await form.getByLabel('Password', { exact: true }).fill('jimmy')
    await expect(form.locator('.strength').textContent()).resolves.toContain('Too short')
    await form.getByLabel('Password', { exact: true }).fill('camera flash on the bridge')
    await expect(form.textContent()).resolves.toContain('does not send email')
    await checkPage('admin-users-01-add')
    await form.getByRole('button', { name: 'Add user' }).click()
    await page.getByText('Jimmy Olsen was added as author.').waitFor()
    await row('Jimmy Olsen').waitFor()
    const jimmy = await server.services.users.find('jimmy')
    expect(jimmy).toMatchObject({ role: 'author', email: 'jimmy@planet.example' })
    expect(await server.services.users.authenticate('jimmy', 'camera flash on the bridge')).not.toBeNull()
  })

  test('changes his role to editor, and filters by role', async () => {
    await row('Jimmy Olsen').getByLabel('Role of Jimmy Olsen').selectOption('editor')
    await row('Jimmy Olsen').getByRole('button', { name: 'Change the role of Jimmy Olsen' }).click()
    await page.getByText('Jimmy Olsen is now editor.').waitFor()
    expect((await server.services.users.find('jimmy')).role).toBe('editor')
    await page.getByLabel('Role', { exact: true }).selectOption('editor')
    // The list is filtered in place: wait for the other roles to leave it, then count.
    await row('The subscriber').waitFor({ state: 'detached' })
    await row('The editor').waitFor()
    await expect(page.locator('.users-table tbody tr').count()).resolves.toBe(2)
    await page.getByLabel('Role', { exact: true }).selectOption('')
    await row('The subscriber').waitFor()
  })

  test('a password reset without mail gives the command to run', async () => {
    await row('Jimmy Olsen').getByRole('button', { name: 'Send password reset to Jimmy Olsen' }).click()
    await page.getByText('pressroom user reset-password jimmy@planet.example').waitFor()
    await checkPage('admin-users-02-list')
  })

  test('creates an application password on the profile, and a real HTTP client uses it; revoked, it gets 401', async () => {
    await page.getByRole('link', { name: 'Your profile' }).click()
    await page.getByRole('heading', { name: 'Profile' }).waitFor()
    await page.getByLabel('New application password name').fill('Publishing script')
    await page.getByRole('button', { name: 'Add application password' }).click()
    const shown = page.locator('.app-password-value')
    await shown.waitFor()
    appPassword = (await shown.textContent())!.trim()
    expect(appPassword).toMatch(/^(\w{4} ){5}\w{4}$/)
    await page.getByRole('button', { name: 'Copy', exact: true }).click()
    await page.getByRole('button', { name: 'Copied' }).waitFor()
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(appPassword)
    await page.locator('.app-passwords-table strong').getByText('Publishing script').waitFor()
    await checkPage('admin-users-03-profile')

    const auth = `Basic ${Buffer.from(`administrator:${appPassword}`).toString('base64')}`
    const me = await fetch(`${server.url}/wp-json/wp/v2/users/me?context=edit`, { headers: { authorization: auth } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ username: 'administrator', email: 'administrator@example.com', roles: ['administrator'] })

    // The list shows when it was last used once the screen reloads; revoke it.
    await page.reload()
    await page.locator('.app-passwords-table strong').getByText('Publishing script').waitFor()
    await page.getByRole('button', { name: 'Revoke “Publishing script”' }).click()
    await page.getByText('“Publishing script” was revoked.').waitFor()
    const after = await fetch(`${server.url}/wp-json/wp/v2/users/me`, { headers: { authorization: auth } })
    expect(after.status).toBe(401)
    expect(await after.json()).toMatchObject({ code: 'incorrect_password' })
  })

  test('changes the display name and the password (which asks for the current one)', async () => {
    await page.getByLabel('Display name').fill('Perry White')
    await page.getByRole('button', { name: 'Save profile' }).click()
    await page.getByText('Your profile was saved.').waitFor()
    expect((await server.services.users.find('administrator')).display_name).toBe('Perry White')
    await page.getByLabel('Current password').fill('not my password')
    await page.getByLabel('New password').fill('great caesar’s ghost')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('The current password is not right.').waitFor()
    await page.getByLabel('Current password').fill(PASSWORD)
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Your password was changed.').waitFor()
    expect(await server.services.users.authenticate('administrator', 'great caesar’s ghost')).not.toBeNull()
  })

  test('deletes a user, giving their posts to another: the posts then belong to that user', async () => {
    const jimmy = await server.services.users.find('jimmy')
    const editor = await server.services.users.find('editor@example.com')
    const posts = [
      await server.services.posts.create({ title: 'Photos from the bridge', status: 'publish', authorId: jimmy.id }, systemActor),
      await server.services.posts.create({ title: 'Unfinished caption', status: 'draft', authorId: jimmy.id }, systemActor),
    ]
    await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Users' }).click()
    await row('Jimmy Olsen').waitFor()
    await expect(row('Jimmy Olsen').locator('td').last().textContent()).resolves.toBe('1')
    // Nobody is offered to delete themselves.
    expect(await row('Perry White').getByRole('button', { name: /Delete/ }).count()).toBe(0)
    await row('Jimmy Olsen').getByRole('button', { name: 'Delete Jimmy Olsen' }).click()
    const dialog = page.getByRole('dialog')
    await dialog.getByLabel('Give their content to').selectOption({ label: 'The editor (editor)' })
    await screenshot(page, 'admin-users-04-delete')
    await dialog.getByRole('button', { name: 'Delete user' }).click()
    await page.getByText('Jimmy Olsen was deleted; their posts now belong to The editor.').waitFor()
    await expect(server.services.users.find('jimmy')).rejects.toMatchObject({ code: 'user_not_found' })
    for (const p of posts) expect((await server.services.posts.get(p.id, systemActor)).author_id).toBe(editor.id)
    const listed = await fetch(`${server.url}/wp-json/wp/v2/posts?author=${editor.id}`)
    expect(((await listed.json()) as { title: { rendered: string } }[]).map((p) => p.title.rendered)).toContain('Photos from the bridge')
  })

  test('with mail on, invites a person by email; they open the link, choose a password, and can sign in', async () => {
    const smtp = await startSmtp()
    try {
      await server.services.settings.update({ mail_smtp_url: smtp.url }, systemActor)
      await page.reload()
      await row('The editor').waitFor()
      await page.getByRole('button', { name: 'Add user' }).click()
      const form = page.locator('.add-user')
      await form.getByLabel('Send an invitation by email').waitFor()
      expect(await form.getByLabel('Send an invitation by email').isChecked()).toBe(true)
      expect(await form.getByLabel('Password', { exact: true }).count()).toBe(0)
      await form.getByLabel('Username').fill('lana')
      await form.getByLabel('Email', { exact: true }).fill('lana@smallville.example')
      await form.getByLabel('Name', { exact: true }).fill('Lana Lang')
      await form.getByLabel('Role').selectOption('contributor')
      await checkPage('admin-users-05-invite')
      await form.getByRole('button', { name: 'Add and send invitation' }).click()
      await page.getByText('An invitation to choose a password was sent to lana@smallville.example.').waitFor()
      const [mail] = await smtp.until(1)
      const link = resetLink(mail!)
      expect(mail!.text).toContain('as a contributor')

      await browser.context.clearCookies()
      await page.goto(link.href)
      await page.getByRole('heading', { name: 'Choose a password' }).waitFor()
      await page.getByLabel('New password').fill('clark is hiding something')
      await checkPage('admin-users-06-choose-password')
      await page.getByRole('button', { name: 'Save password' }).click()
      await page.getByText('Your password is set. Sign in with it now.').waitFor()
      // "Lost your password?" mails a link too, now that the site sends mail.
      await page.goto(`${server.url}/admin/lost-password`)
      await page.getByRole('button', { name: 'Email me a link' }).waitFor()
      await page.getByLabel('Your email or username').fill('lana')
      await page.getByRole('button', { name: 'Email me a link' }).click()
      await page.getByText('If an account matches “lana”, a link is on its way').waitFor()
      await checkPage('admin-users-07-lost-password-mail')
      expect((await smtp.until(2)).map((m) => m.subject)).toContain('[Pressroom] Password reset')
      await page.getByRole('link', { name: '← Back to sign in' }).click()
      await page.getByLabel('Email or username').fill('lana')
      await page.getByLabel('Password').fill('clark is hiding something')
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    } finally {
      await server.services.settings.update({ mail_smtp_url: '' }, systemActor)
      await smtp.close()
    }
    // Back as the administrator for what follows.
    await browser.context.clearCookies()
    await page.goto(`${server.url}/admin/login`)
    await page.getByLabel('Email or username').fill('administrator')
    await page.getByLabel('Password').fill('great caesar’s ghost')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    await page.goto(`${server.url}/admin/users`)
  })

  test('at 390 px the users list and the profile fit the phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 })
    await row('The editor').waitFor()
    await checkPage('admin-users-08-phone')
    await page.goto(`${server.url}/admin/profile`)
    await page.getByRole('heading', { name: 'Profile' }).waitFor()
    await checkPage('admin-users-09-profile-phone')
  })

  test('an editor is not shown Users, and the server refuses the screen’s calls anyway', async () => {
    await page.setViewportSize({ width: 1280, height: 900 })
    await session.signInAs('editor')
    const links = (await page.getByRole('navigation', { name: 'Admin' }).getByRole('link').allTextContents()).map((t) => t.trim())
    expect(links).not.toContain('Users')
    await page.goto(`${server.url}/admin/users`)
    await page.getByRole('heading', { name: 'Not available to your role' }).waitFor()
  })
})
