import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { anonymousActor } from '../../src/users/index.js'
import { type CommentsApp, startCommentsApp } from '../comments/http-helpers.js'
import { horizontalOverflow, launchBrowser, screenshot } from '../helpers/browser.js'

const axeSource = (() => {
  const require = createRequire(import.meta.url)
  return require('node:fs').readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8') as string
})()

/** axe-core's serious and critical findings inside the comments section only (the rest of the page is the theme's). */
async function commentsA11y(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource })
  const found = (await page.evaluate(`axe.run('#comments', { resultTypes: ['violations'] }).then((r) =>
    r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`)) as string[]
  return found
}

describe('leaving a comment and a reply in Chromium', () => {
  let s: CommentsApp
  let post: { id: number; link: string; path: string }
  let browser: Awaited<ReturnType<typeof launchBrowser>>

  beforeAll(async () => {
    s = await startCommentsApp('sqlite')
    await s.set({ comment_previously_approved: false, comment_flood_seconds: 0, comment_min_fill_seconds: 1, comment_moderation: true, title: 'The Daily Planet' })
    post = await s.post('Council approves the new bridge after a long night')
    // a discussion already under way
    const say = (authorName: string, content: string, parentId: number | null = null, authorUrl = '') =>
      s.services.comments.create({ postId: post.id, parentId, authorName, authorEmail: `${authorName.split(' ')[0]!.toLowerCase()}@example.com`, authorUrl, content, status: 'approved' }, s.users.editor.actor)
    const first = await say('Maria Lopez', 'Finally! We have waited <strong>ten years</strong> for this.\n\nI hope the cycle lanes are wide enough.', null, 'https://maria.example')
    const reply = await say('Tom Becker', 'The plans say 2.5 metres each way: see https://council.example/bridge-plans for the drawings.', first.id)
    await say('Maria Lopez', "That's better than I thought — thanks, Tom.", reply.id)
    await say('Aiko Tanaka', 'Does anyone know when the "temporary" ferry stops running?')
    browser = await launchBrowser()
  }, 60_000)
  afterAll(async () => {
    await browser?.close()
    await s?.close()
  })

  test('a reader comments; a moderator approves it; it shows with a local avatar; a reply threads under it', async () => {
    const page = await browser.context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    // nothing a reader's browser loads comes from anywhere but the site: no third-party avatar, font or script
    const elsewhere: string[] = []
    page.on('request', (r) => {
      if (/^https?:/.test(r.url()) && !r.url().startsWith(`${s.url}/`)) elsewhere.push(r.url())
    })
    await page.goto(s.url + post.path)
    await page.fill('#comment', 'Will the old bridge stay open while they build?\n\nAsking for my commute.')
    await page.fill('#author', 'Rita Reader')
    await page.fill('#email', 'rita@example.com')
    await page.check('#wp-comment-cookies-consent')
    // the script fetched a fresh signed timestamp when the reader started on the form
    await page.waitForFunction("document.getElementById('pressroom_form_ts').value !== ''")
    await page.waitForTimeout(1100) // comment_min_fill_seconds: 1
    await Promise.all([page.waitForURL(/unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-\d+$/), page.click('#submit')])
    const id = Number(/#comment-(\d+)$/.exec(page.url())![1])
    await expect(page.locator(`#comment-${id} .comment-awaiting-moderation`).textContent()).resolves.toBe('Your comment is awaiting moderation.')
    expect(await page.locator(`#comment-${id} .comment-content`).innerText()).toContain('Asking for my commute.')

    // the moderator approves it from the link in their mail
    const moderator = await browser.context.newPage()
    const { token } = await s.services.sessions.start(s.users.editor.id, {})
    await browser.context.addCookies([{ name: 'pressroom_session', value: token, url: s.url }])
    await moderator.goto(`${s.url}/wp-admin/comment.php?action=approve&c=${id}`)
    await Promise.all([moderator.waitForLoadState('load'), moderator.click('button[type=submit]')])
    await expect(moderator.locator('h1').textContent()).resolves.toBe('Comment approved')
    await browser.context.clearCookies({ name: 'pressroom_session' })
    await moderator.close()

    await page.goto(s.url + post.path)
    const mine = page.locator(`#comment-${id}`)
    await expect(mine.locator('.comment-author').textContent()).resolves.toBe('Rita Reader')
    const avatar = mine.locator('img.avatar').first()
    expect(await avatar.getAttribute('src')).toMatch(new RegExp(`^${s.url}/avatar/[0-9a-f]{32}\\.svg$`))
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the test is compiled without the DOM's types
    expect(await avatar.evaluate((img: any) => img.complete && img.naturalWidth > 0)).toBe(true)

    // the form remembers the reader (from the cookie, by the script)
    expect(await page.inputValue('#author')).toBe('Rita Reader')
    expect(await page.inputValue('#email')).toBe('rita@example.com')
    // Reply moves the form under the comment, without a page load
    await mine.locator('.comment-reply-link').first().click()
    expect(page.url()).not.toContain('replytocom')
    expect(await page.inputValue('#comment_parent')).toBe(String(id))
    expect(await page.evaluate(`document.getElementById('respond').previousElementSibling.id === '' && document.getElementById('respond').parentElement.id === 'comment-${id}'`)).toBe(true)
    await expect(page.locator('#cancel-comment-reply-link').isVisible()).resolves.toBe(true)
    await page.fill('#comment', 'Answering myself: yes, until the spring.')
    await page.waitForTimeout(1100)
    await Promise.all([page.waitForURL(/unapproved=\d+/), page.click('#submit')])
    const replyId = Number(/#comment-(\d+)$/.exec(page.url())![1])
    await s.services.comments.approve(replyId, s.users.editor.actor)
    await page.goto(s.url + post.path)
    expect(await page.locator(`#comment-${id} > ol.children > #comment-${replyId}`).count()).toBe(1)
    expect(await page.locator(`#comment-${replyId} img.avatar`).getAttribute('src')).toMatch(new RegExp(`^${s.url}/avatar/[0-9a-f]{32}\\.svg$`))
    expect(dialogs).toEqual([])
    expect(elsewhere).toEqual([])

    // Cancel reply puts the form back
    await page.locator(`#comment-${id} .comment-reply-link`).first().click()
    await page.click('#cancel-comment-reply-link')
    expect(await page.inputValue('#comment_parent')).toBe('0')
    expect(await page.evaluate("document.getElementById('respond').parentElement.id")).toBe('comments')
    await page.close()
  })

  test('without JavaScript: Reply opens ?replytocom=ID#respond, and the reply lands threaded under its comment', async () => {
    const page = await browser.context.newPage()
    const cdp = await browser.context.newCDPSession(page)
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true })
    await page.goto(s.url + post.path)
    const [parent] = (await s.services.comments.approvedFor(post.id)).filter((c) => c.author_name === 'Aiko Tanaka')
    await Promise.all([page.waitForURL(new RegExp(`\\?replytocom=${parent!.id}#respond$`)), page.click(`#comment-${parent!.id} .comment-reply-link`)])
    // the server set the form up for the reply: no script ran
    expect(await page.inputValue('#comment_parent')).toBe(String(parent!.id))
    expect(await page.inputValue('#pressroom_form_ts')).toBe('')
    await expect(page.locator('#cancel-comment-reply-link').isVisible()).resolves.toBe(true)
    await page.fill('#comment', 'The ferry runs until the bridge opens, says the timetable.')
    await page.fill('#author', 'Nora No-Script')
    await page.fill('#email', 'nora@example.com')
    await Promise.all([page.waitForURL(/\?unapproved=\d+&moderation-hash=[0-9a-f]{32}#comment-\d+$/), page.click('#submit')])
    const replyId = Number(/#comment-(\d+)$/.exec(page.url())![1])
    await expect(page.locator(`#comment-${replyId} .comment-awaiting-moderation`).textContent()).resolves.toBe('Your comment is awaiting moderation.')
    expect(await page.locator(`#comment-${replyId} .comment-in-reply-to`).textContent()).toContain('Aiko Tanaka')
    await s.services.comments.approve(replyId, s.users.editor.actor)
    await page.goto(s.url + post.path)
    expect(await page.locator(`#comment-${parent!.id} > ol.children > #comment-${replyId}`).count()).toBe(1)
    expect(await page.locator(`#comment-${replyId} .comment-author`).textContent()).toBe('Nora No-Script')
    await page.close()
  })

  for (const width of [1280, 390]) {
    test(`the threaded discussion looks right at ${width} px`, async () => {
      await s.services.comments.submit({ postId: post.id, authorName: 'Held Back', authorEmail: 'held@example.com', content: `Not shown at ${width}` }, anonymousActor)
      const page = await browser.context.newPage()
      await page.setViewportSize({ width, height: 900 })
      await page.goto(s.url + post.path)
      await page.locator('#comments').scrollIntoViewIfNeeded()
      expect(await horizontalOverflow(page)).toBe(0)
      // avatars drawn, thread indented, nothing overlapping the text
      const boxes = (await page.evaluate(`[...document.querySelectorAll('#comments .comment-body')].map((b) => {
        const r = b.getBoundingClientRect(); const a = b.querySelector('img.avatar'); const n = b.querySelector('.comment-author')
        return { left: r.left, width: r.width, avatar: a ? a.getBoundingClientRect().width : 0, loaded: a ? a.complete && a.naturalWidth > 0 : false, nameRight: n ? n.getBoundingClientRect().left : 0, avatarRight: a ? a.getBoundingClientRect().right : 0 }
      })`)) as { left: number; width: number; avatar: number; loaded: boolean; nameRight: number; avatarRight: number }[]
      expect(boxes.length).toBeGreaterThanOrEqual(5)
      for (const b of boxes) {
        expect(b.avatar).toBe(40)
        expect(b.loaded).toBe(true)
        expect(b.nameRight).toBeGreaterThanOrEqual(b.avatarRight)
        expect(b.width).toBeGreaterThan(width > 600 ? 300 : 200)
      }
      expect(boxes[1]!.left).toBeGreaterThan(boxes[0]!.left) // a reply sits indented under its parent
      expect(await page.locator(`text=Not shown at ${width}`).count()).toBe(0)
      expect(await commentsA11y(page)).toEqual([])
      await screenshot(page, `comments-thread-${width}`)
      await page.close()
    })
  }
})
