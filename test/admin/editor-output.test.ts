import path from 'node:path'
import react from '@vitejs/plugin-react'
import type { Page } from 'playwright-core'
import { build, type Plugin, type Rolldown } from 'vite'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { sanitizePostHtml } from '../../src/content/index.js'
import { launchBrowser } from '../helpers/browser.js'

const APP_SRC = path.resolve(import.meta.dirname, '../../src/admin/app')
const EXTENSIONS = path.join(APP_SRC, 'src/editor/extensions.ts')

/**
 * The editor's own schema (the extensions the editor screen uses), without the screen: HTML goes in as a loaded
 * post or a paste would, and `savedHtml()` — what the screen sends to the server — comes out. `run` applies the
 * editor's commands first, as the toolbar does.
 */
const HARNESS = `
import { Editor } from '@tiptap/core'
import { editorExtensions, savedHtml } from ${JSON.stringify(EXTENSIONS)}
window.editorHtml = (html, run) => {
  const editor = new Editor({ element: null, extensions: editorExtensions(), content: html })
  if (run) new Function('editor', run)(editor)
  const out = savedHtml(editor)
  editor.destroy()
  return out
}
`

/** The harness bundled as one classic script, as the admin's build bundles the editor. */
async function bundleHarness(): Promise<string> {
  const virtual: Plugin = {
    name: 'editor-harness',
    resolveId: (id) => (id.endsWith('virtual:editor-harness') ? '\0editor-harness' : null), // lib mode resolves the entry from the root
    load: (id) => (id === '\0editor-harness' ? HARNESS : null),
  }
  const output = (await build({
    configFile: false,
    root: APP_SRC,
    logLevel: 'silent',
    plugins: [react(), virtual],
    define: { 'process.env.NODE_ENV': '"production"' },
    build: {
      write: false,
      minify: false,
      lib: { entry: 'virtual:editor-harness', formats: ['iife'], name: 'EditorHarness', fileName: 'harness' },
    },
  })) as Rolldown.RolldownOutput | Rolldown.RolldownOutput[]
  const chunk = (Array.isArray(output) ? output[0]! : output).output.find((o) => o.type === 'chunk')
  if (!chunk || chunk.type !== 'chunk') throw new Error('The editor harness did not build')
  return chunk.code
}

/** What the editor saves: clean WordPress-style HTML, whatever it was given. */
describe('the editor’s HTML output, in Chromium', () => {
  let browser: Awaited<ReturnType<typeof launchBrowser>>
  let page: Page

  beforeAll(async () => {
    const code = await bundleHarness()
    browser = await launchBrowser()
    page = await browser.context.newPage()
    await page.setContent('<!doctype html><html lang="en"><head><title>Editor output</title></head><body></body></html>')
    await page.addScriptTag({ content: code })
  }, 120_000)
  afterAll(() => browser?.close())

  const editorHtml = (html: string, run?: string): Promise<string> =>
    page.evaluate(([h, r]) => (globalThis as unknown as { editorHtml: (h: string, r?: string) => string }).editorHtml(h!, r), [html, run] as const)

  /**
   * Saved HTML must pass the server's filter for the least trusted writer untouched (but for how it closes empty
   * elements: `<hr />`), and read back the same.
   */
  async function expectClean(html: string): Promise<void> {
    expect(sanitizePostHtml(html, false).replace(/ \/>/g, '>')).toBe(html)
    expect(html).not.toMatch(/\s(style|on\w+|contenteditable|draggable|data-[\w-]+)=|ProseMirror|<(script|iframe|style|div|span)\b/i)
    expect(await editorHtml(html)).toBe(html)
  }

  test('text blocks and marks come out as plain WordPress HTML', async () => {
    const html = [
      '<p>Plain, <strong>bold</strong>, <em>italic</em>, <code>code</code> and <a href="https://example.com/a?b=1&amp;c=2">a link</a>.</p>',
      '<h2>Two</h2><h3>Three</h3><h4>Four</h4>',
      '<ul><li><p>one</p></li><li><p>two</p></li></ul>',
      '<ol><li><p>first</p></li></ol>',
      '<blockquote><p>Quoted</p></blockquote>',
      '<pre><code>if (a &lt; b) return</code></pre>',
      '<hr>',
    ].join('')
    const out = await editorHtml(html)
    expect(out).toBe(html)
    await expectClean(out)
  })

  test('an image with alt text and a caption is a figure; alignment, size and library id are WordPress’s classes', async () => {
    const block = '<figure class="wp-block-image aligncenter size-medium"><img src="/uploads/2026/05/bridge-300x200.jpg" alt="The bridge at dawn" width="300" height="200" class="wp-image-12"><figcaption>The bridge on Monday.</figcaption></figure>'
    expect(await editorHtml(block)).toBe(block)
    await expectClean(block)

    // WordPress's classic caption markup and a bare image both become the image block's figure.
    const classic = '<figure class="wp-caption alignright"><img src="/uploads/a.jpg" alt="A" class="wp-image-5 size-thumbnail"><figcaption class="wp-caption-text">Cap</figcaption></figure>'
    expect(await editorHtml(classic)).toBe('<figure class="wp-block-image alignright size-thumbnail"><img src="/uploads/a.jpg" alt="A" class="wp-image-5"><figcaption>Cap</figcaption></figure>')
    const bare = await editorHtml('<p>Before<img src="/uploads/b.png"></p>')
    expect(bare).toBe('<p>Before</p><figure class="wp-block-image"><img src="/uploads/b.png" alt=""></figure>')
    await expectClean(bare)
  })

  test('empty paragraphs at the end are not saved; an empty body is empty', async () => {
    expect(await editorHtml('<ul><li><p>one</p></li></ul><p></p><p></p>')).toBe('<ul><li><p>one</p></li></ul>')
    expect(await editorHtml('<p>a</p><p></p><p>b</p><p></p>')).toBe('<p>a</p><p></p><p>b</p>')
    expect(await editorHtml('')).toBe('')
    expect(await editorHtml('<p></p>')).toBe('')
  })

  test('an image inserted with the editor’s command: the alt text and caption typed by the writer are text, not markup', async () => {
    const out = await editorHtml('<p>Lead.</p>', `editor.chain().setTextSelection(editor.state.doc.content.size).setFigure({ src: '/uploads/c.jpg', alt: 'Tom & "Jerry" <b>', caption: '<script>alert(1)</script> & more', mediaId: 9, width: 1024, height: 683 }).run()`)
    expect(out).toBe('<p>Lead.</p><figure class="wp-block-image size-large"><img src="/uploads/c.jpg" alt="Tom &amp; &quot;Jerry&quot; &lt;b&gt;" width="1024" height="683" class="wp-image-9"><figcaption>&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</figcaption></figure>')
    await expectClean(out)
  })

  test('a table is WordPress’s table block', async () => {
    const out = await editorHtml('<p>Figures:</p>', `editor.chain().setTextSelection(editor.state.doc.content.size).insertTable({ rows: 2, cols: 2 }).run()`)
    expect(out).toContain('<figure class="wp-block-table"><table><tbody><tr><th></th><th></th></tr><tr><td></td><td></td></tr></tbody></table></figure>')
    await expectClean(out)
    const spans = await editorHtml('<table><tr><th colspan="2" style="width:50%">Head</th></tr><tr><td>a <b>b</b></td><td><p>c</p></td></tr></table>')
    expect(spans).toBe('<figure class="wp-block-table"><table><tbody><tr><th colspan="2">Head</th></tr><tr><td>a <strong>b</strong></td><td>c</td></tr></tbody></table></figure>')
    await expectClean(spans)
    // As a word processor pastes a table: paragraphs in cells stay in their cell, one line each.
    const pasted = await editorHtml('<table><tbody><tr>\n<td>\n<p><span>Day</span></p>\n</td><td><p>Ships</p><p><em>in</em> and out</p></td></tr></tbody></table><p>After.</p>')
    expect(pasted).toBe('<figure class="wp-block-table"><table><tbody><tr><td>Day</td><td>Ships<br><em>in</em> and out</td></tr></tbody></table></figure><p>After.</p>')
    await expectClean(pasted)
  })

  test('pasted or imported markup the editor does not know is dropped: scripts, handlers, styles, frames, script links', async () => {
    const hostile = [
      '<div class="x" style="color:red" onclick="steal()"><p>Hello <span style="font-size:40px">there</span><script>alert(1)</script></p></div>',
      '<iframe src="https://evil.example/"></iframe><style>p { display: none }</style>',
      '<p><a href="javascript:alert(1)">bad link</a> and <a href="https://ok.example/" onmouseover="x()">good link</a></p>',
      '<img src="/uploads/d.jpg" alt="D" onerror="alert(1)" style="border:9px solid red">',
      '<h1>Too big</h1><h6>Too small</h6><p><u>under</u> <s>struck</s> <font color="red">font</font></p>',
    ].join('')
    const out = await editorHtml(hostile)
    expect(out).toBe([
      '<p>Hello there</p>',
      '<p>bad link and <a href="https://ok.example/">good link</a></p>',
      '<figure class="wp-block-image"><img src="/uploads/d.jpg" alt="D"></figure>',
      '<p>Too big</p><p>Too small</p><p>under struck font</p>',
    ].join(''))
    await expectClean(out)
  })
})
