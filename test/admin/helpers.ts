import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import type { Page } from 'playwright-core'
import { expect } from 'vitest'
import { type AxeViolation, horizontalOverflow, launchBrowser, screenshot } from '../helpers/browser.js'
import type { Services } from '../../src/services.js'
import { systemActor } from '../../src/users/index.js'
import { cookieHeader, cookiesOf, startTestServer, type TestServer } from '../helpers/server.js'

const ROOT = path.resolve(import.meta.dirname, '../..')
const APP_SRC = path.join(ROOT, 'src/admin/app')
const APP_OUT = path.join(ROOT, 'dist/admin-app/index.html')

function newestSource(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs)
  }
  return newest
}

/**
 * Builds the admin app when its build is missing or older than its sources (`npm install` builds it; this keeps
 * `npx vitest` honest after an edit). Test files may run at once: a lock folder lets one build while others wait.
 */
export async function ensureAdminBuilt(): Promise<void> {
  const lock = path.join(ROOT, 'dist/.admin-build.lock')
  mkdirSync(path.dirname(lock), { recursive: true })
  const deadline = Date.now() + 120_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch {
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${lock}: remove it if no build is running.`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  try {
    if (!existsSync(APP_OUT) || statSync(APP_OUT).mtimeMs < newestSource(APP_SRC)) {
      execFileSync(process.execPath, [path.join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', path.join(APP_SRC, 'vite.config.ts')], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' } })
    }
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** A browser's view of the admin API: its cookies, and the CSRF token and nonce the page would hold. */
export interface AdminClient {
  cookies: Record<string, string>
  csrf: string
  nonce: string | null
  call(method: string, path: string, init?: { body?: unknown; nonce?: string | null; csrf?: string | null }): Promise<Response>
}

export async function adminClient(baseUrl: string): Promise<AdminClient> {
  const res = await fetch(`${baseUrl}/admin/api/session`)
  expect(res.status).toBe(200)
  const boot = (await res.json()) as { csrf: string; nonce: string | null }
  const client: AdminClient = {
    cookies: cookiesOf(res),
    csrf: boot.csrf,
    nonce: boot.nonce,
    async call(method, p, init = {}) {
      const headers: Record<string, string> = { cookie: cookieHeader(client.cookies), accept: 'application/json' }
      const nonce = init.nonce === undefined ? client.nonce : init.nonce
      const csrf = init.csrf === undefined ? client.csrf : init.csrf
      if (nonce) headers['x-wp-nonce'] = nonce
      if (csrf) headers['x-csrf-token'] = csrf
      if (init.body !== undefined) headers['content-type'] = 'application/json'
      const r = await fetch(baseUrl + p, { method, headers, body: init.body === undefined ? undefined : JSON.stringify(init.body), redirect: 'manual' })
      Object.assign(client.cookies, cookiesOf(r))
      return r
    },
  }
  return client
}

/** Signs in through the admin API as a browser would, keeping the session cookie and nonce. */
export async function signIn(baseUrl: string, login: string, password: string): Promise<AdminClient> {
  const client = await adminClient(baseUrl)
  const res = await client.call('POST', '/admin/api/login', { body: { log: login, pwd: password } })
  expect(res.status, await res.clone().text()).toBe(200)
  client.nonce = ((await res.json()) as { nonce: string }).nonce
  return client
}

export const PASSWORD = 'correct horse battery'

/** One user per role, each with the same password, for sign-in tests. */
export async function staff(services: Services): Promise<void> {
  for (const role of ['administrator', 'editor', 'author', 'contributor', 'subscriber'] as const) {
    await services.users.create({ email: `${role}@example.com`, displayName: `The ${role}`, role, password: PASSWORD }, systemActor)
  }
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/**
 * axe-core's serious and critical findings. The admin's CSP refuses inline scripts, so axe is evaluated through
 * the DevTools protocol (which CSP does not govern) rather than added as a script tag.
 */
export async function adminAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(axeSource)
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** A running site with the admin built, a Chromium page on it, and the sign-in and checks the admin's browser tests share. */
export interface AdminSession {
  server: TestServer
  browser: Awaited<ReturnType<typeof launchBrowser>>
  /** 1280 × 900. */
  page: Page
  /** Signs in through the login form as `ROLE@example.com` (one of `staff`), after dropping any earlier session. */
  signInAs(role: string): Promise<void>
  /** From the top of the page: a screenshot named `name`, no sideways overflow, no serious accessibility problems. */
  checkPage(name: string): Promise<void>
  /** Opens the editor on a new post, gives it `title` when there is one, and puts the cursor in its body, typing `text`. */
  newPost(title?: string, text?: string): Promise<void>
  close(): Promise<void>
}

/**
 * Starts what an admin browser test needs: the admin built, a new SQLite site with one user per role (`staff`,
 * unless `staff: false`), whatever `prepare` adds, Chromium with `permissions` granted, and a page signed in as
 * `role` when one is given.
 */
export async function startAdminSession(options: { role?: string; staff?: boolean; prepare?: (server: TestServer) => Promise<void>; permissions?: string[] } = {}): Promise<AdminSession> {
  await ensureAdminBuilt()
  const server = await startTestServer('sqlite')
  if (options.staff !== false) await staff(server.services)
  await options.prepare?.(server)
  const browser = await launchBrowser()
  if (options.permissions) await browser.context.grantPermissions(options.permissions, { origin: server.url })
  const page = await browser.context.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  const session: AdminSession = {
    server,
    browser,
    page,
    async signInAs(role) {
      await browser.context.clearCookies()
      await page.goto(`${server.url}/admin/login`)
      await page.getByLabel('Email or username').fill(`${role}@example.com`)
      await page.getByLabel('Password').fill(PASSWORD)
      await page.getByRole('button', { name: 'Sign in' }).click()
      await page.getByRole('heading', { name: 'Dashboard' }).waitFor()
    },
    async checkPage(name) {
      await page.evaluate('window.scrollTo(0, 0)')
      await screenshot(page, name)
      expect(await horizontalOverflow(page), `${name} overflows sideways`).toBe(0)
      const problems = await adminAccessibilityProblems(page)
      expect(problems, JSON.stringify(problems, null, 2)).toEqual([])
    },
    async newPost(title, text) {
      await page.goto(`${server.url}/admin/posts/new`)
      if (title !== undefined) await page.getByLabel('Title').fill(title)
      await page.getByRole('textbox', { name: 'Post content' }).click()
      if (text !== undefined) await page.keyboard.type(text)
    },
    async close() {
      await browser.close()
      await server.close()
    },
  }
  if (options.role) await session.signInAs(options.role)
  return session
}
