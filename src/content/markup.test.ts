import { describe, expect, test } from 'vitest'
import { autoExcerpt, renderContent } from './markup.js'

describe('the automatic excerpt', () => {
  test('is the opening words before <!--more-->, with an ellipsis when cut', () => {
    expect(autoExcerpt('<p>One two three four.</p><!--more--><p>Hidden.</p>', 3)).toBe('One two three…')
    expect(autoExcerpt('<p>One <em>two</em> &amp; three.</p>')).toBe('One two & three.')
  })

  test('leaves out images and their captions, as WordPress does, but keeps a table’s words', () => {
    const html = '<p>The cranes start work.</p>'
      + '<figure class="wp-block-image size-large"><img src="/a.jpg" alt="A quay"><figcaption>The north quay, before the ferries</figcaption></figure>'
      + '<figure class="wp-caption aligncenter"><img src="/b.jpg" alt=""><figcaption>Second caption</figcaption></figure>'
      + '<p>Ships wait.</p>'
      + '<figure class="wp-block-table"><table><tbody><tr><td>Monday</td><td>41</td></tr></tbody></table><figcaption>Arrivals</figcaption></figure>'
    expect(autoExcerpt(html)).toBe('The cranes start work. Ships wait. Monday 41')
  })
})

describe('Markdown', () => {
  test('an image alone in its paragraph with a title becomes a captioned figure; others stay images', () => {
    const source = '## The "bridge"\n\n![Cranes on the quay](/uploads/a.jpg "The north quay, at dawn")\n\nText with ![an icon](/i.png "icon") inline.\n\n![No caption](/b.jpg)\n'
    expect(renderContent(source, 'markdown', false)).toBe(
      '<h2>The "bridge"</h2>\n'
        + '<figure class="wp-caption"><img src="/uploads/a.jpg" alt="Cranes on the quay" /><figcaption class="wp-caption-text">The north quay, at dawn</figcaption></figure>\n'
        + '<p>Text with <img src="/i.png" alt="an icon" title="icon" /> inline.</p>\n'
        + '<p><img src="/b.jpg" alt="No caption" /></p>\n',
    )
  })

  test('quotes in text stay characters for typography, trusted or not; code and attributes stay escaped', () => {
    const source = 'She said "yes" -- it\'s <b>done</b> & dusted: `a = "b"` [link](/x "a \\"title\\"")'
    for (const unfiltered of [true, false]) {
      const html = renderContent(source, 'markdown', unfiltered)
      expect(html).toContain('<p>She said "yes" -- it\'s <b>done</b> &amp; dusted: <code>a = ')
      expect(html).toMatch(/<code>a = (&quot;|")b(&quot;|")<\/code>/)
      expect(html).toContain('title="a &quot;title&quot;"')
    }
    expect(renderContent('1 < 2 > 0 &amp; "x"', 'markdown', true)).toBe('<p>1 &lt; 2 &gt; 0 &amp; "x"</p>\n')
  })

  test('a caption is text: markup in it is escaped, and sanitizing keeps the figure for authors', () => {
    const html = renderContent('![x](/a.jpg "<script>alert(1)</script> & more")', 'markdown', false)
    expect(html).toContain('<figcaption class="wp-caption-text">&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</figcaption>')
    expect(html).not.toContain('<script>')
  })
})
