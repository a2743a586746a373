import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { type CommentsApp, postComment, readerForm, startCommentsApp } from '../comments/http-helpers.js'
import { COMMENT_PAYLOADS, NAME_PAYLOADS, URL_PAYLOADS } from '../comments/xss-payloads.js'
import { launchBrowser } from '../helpers/browser.js'

describe('the XSS corpus, approved on a post page', () => {
  let s: CommentsApp
  let post: { id: number; link: string; path: string }
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  const stored: number[] = []

  beforeAll(async () => {
    s = await startCommentsApp('sqlite')
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0, comment_rate_per_hour: 0, comment_post_rate_per_minute: 0, disallowed_keys: '', comment_max_links: 0 })
    post = await s.post('Everything a commenter could try')
    const forms = [
      ...COMMENT_PAYLOADS.map((comment, i) => readerForm(post.id, { comment: `Payload ${i}: ${comment}`, author: `Tester ${i}`, email: `t${i}@example.com` })),
      ...NAME_PAYLOADS.map((author, i) => readerForm(post.id, { author, comment: `Name payload ${i}`, email: `n${i}@example.com` })),
      ...URL_PAYLOADS.map((url, i) => readerForm(post.id, { url, comment: `Website payload ${i}`, email: `u${i}@example.com`, author: `Site ${i}` })),
    ]
    for (const form of forms) {
      const res = await postComment(s.url, form, { accept: 'application/json' })
      // a payload that leaves nothing to say is refused as empty; everything else is stored
      if (res.status === 400) {
        expect(await res.json(), form.comment).toMatchObject({ code: 'empty_comment' })
        continue
      }
      expect(res.status, form.comment).toBe(303)
      const id = Number(/(?:#comment-|unapproved=)(\d+)/.exec(res.headers.get('location')!)![1])
      stored.push(id)
    }
    // whatever the spam rules made of them, all approved
    await s.services.comments.moderate(stored, 'approve', s.users.editor.actor)
    browser = await launchBrowser()
  }, 120_000)
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  test('the corpus is big enough and nearly all of it reached the page', () => {
    expect(COMMENT_PAYLOADS.length + NAME_PAYLOADS.length + URL_PAYLOADS.length).toBeGreaterThanOrEqual(50)
    expect(stored.length).toBeGreaterThanOrEqual(COMMENT_PAYLOADS.length)
  })

  test('the page’s comments hold no script, no event handler, no javascript: or data: address', async () => {
    const html = await (await fetch(s.url + post.path)).text()
    const section = html.slice(html.indexOf('<section class="comments"'), html.indexOf('</section>', html.indexOf('<section class="comments"')))
    expect(section).toContain('Payload 0')
    const tags = section.match(/<[a-z][^>]*>/gi) ?? []
    const allowed = new Set(['section', 'h2', 'ol', 'li', 'article', 'header', 'img', 'span', 'a', 'time', 'div', 'p', 'em', 'strong', 'code', 'blockquote', 'q', 'del', 'ul', 'br', 'h3', 'form', 'label', 'textarea', 'input', 'button', 'script'])
    for (const tag of tags) {
      const name = /^<([a-z0-9]+)/i.exec(tag)![1]!.toLowerCase()
      expect(allowed.has(name), tag).toBe(true)
      expect(tag, tag).not.toMatch(/\son[a-z]+\s*=/i)
      expect(tag, tag).not.toMatch(/(href|src|action|formaction|cite|background|data)\s*=\s*["']?\s*(javascript|vbscript|data):/i)
      expect(tag, tag).not.toMatch(/\sstyle\s*=/i)
      if (name === 'script') expect(tag).toMatch(/^<script src="\/assets\/default\/js\/comments\.[0-9a-f]+\.js" defer>$/)
    }
    expect(section.match(/<script/gi)).toHaveLength(1)
  })

  test('in Chromium, loading the page with all of them approved opens no dialog', async () => {
    const page = await browser.context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`)
      void dialog.dismiss()
    })
    const errors: string[] = []
    page.on('pageerror', (err) => errors.push(err.message))
    const res = await page.goto(s.url + post.path, { waitUntil: 'load' })
    expect(res?.status()).toBe(200)
    await page.waitForTimeout(500)
    // point at, focus and click everything in the thread, as a reader moving through it would (links are not followed)
    await page.evaluate(`for (const el of document.querySelectorAll('.comment-list *')) {
      for (const type of ['mouseover', 'mouseenter', 'pointerenter', 'focus', 'focusin']) el.dispatchEvent(new Event(type, { bubbles: true }))
      if (el.tagName !== 'A') el.click()
    }`)
    await page.keyboard.press('Tab')
    await page.waitForTimeout(200)
    expect(dialogs).toEqual([])
    expect(errors).toEqual([])
    expect(await page.evaluate('document.querySelectorAll(".comment-list script, .comment-list iframe, .comment-list svg, .comment-list img:not(.avatar)").length')).toBe(0)
    await page.close()
  })
})
