import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'vitest'
import { type BrowserContext, chromium, type Locator, type Page } from 'playwright-core'

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results')

/** Debian's Chromium through playwright-core, with a fresh profile, as the project's browser tests run it. */
export async function launchBrowser(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'pressroom-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  // Generous: a loaded two-core CI machine runs several browser files at once. A wait that ends early costs nothing.
  context.setDefaultTimeout(20_000)
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/**
 * The whole page as `test-results/NAME.png`. The window is made as tall as the page for the shot: Chromium's
 * full-page capture otherwise leaves sticky and fixed parts (a Save bar, a settings panel) where the window ended,
 * halfway down the picture.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  const file = path.join(SCREENSHOTS, `${name}.png`)
  const size = page.viewportSize()
  const height = (await page.evaluate('document.documentElement.scrollHeight')) as number
  if (!size || height <= size.height || height > 12_000) return void (await page.screenshot({ path: file, fullPage: true }))
  await page.setViewportSize({ width: size.width, height })
  try {
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))')
    await page.screenshot({ path: file, fullPage: true })
  } finally {
    await page.setViewportSize(size)
  }
}

const axeSource = (() => {
  const require = createRequire(import.meta.url)
  return require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string
})()

export interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAccessibilityProblems(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: axeSource })
  // Evaluated in the page, as a string: the test code itself is compiled without the DOM's types.
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) })))`)) as AxeViolation[]
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
}

/** How far the page is wider than the window: 0 when nothing overflows sideways. */
export const horizontalOverflow = (page: Page): Promise<number> =>
  page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth') as Promise<number>

/**
 * Puts the editing caret at the very end of an element inside a focused editor, and checks it is there. A click
 * then `End` is not enough: End stops at the end of a wrapped line, and a click may land before the editor is
 * ready on a loaded machine.
 */
export async function caretToEndOf(element: Locator): Promise<void> {
  await element.click()
  await expect
    .poll(() =>
      element.evaluate((el: any) => {
        const doc = (globalThis as any).document
        const selection = (globalThis as any).getSelection()
        const range = doc.createRange()
        range.selectNodeContents(el)
        range.collapse(false)
        selection.removeAllRanges()
        selection.addRange(range)
        return !!doc.activeElement?.contains(el) && el.contains(selection.anchorNode)
      }),
    )
    .toBe(true)
  // ProseMirror reads the DOM selection on selectionchange: give it that turn before typing.
  await element.page().waitForTimeout(50)
}
