import { describe, expect, test } from 'vitest'
import { commentText, commentToHtml, renderCommentHtml, sanitizeComment } from '../../src/comments/comment-html.js'
import { cleanAuthorUrl } from '../../src/comments/rules.js'

const html = (text: string) => commentToHtml(sanitizeComment(text))

describe('comment HTML', () => {
  test('keeps the small allowlist and drops everything else, keeping the words', () => {
    const kept = '<em>e</em> <strong>s</strong> <code>c</code> <q>q</q> <del>d</del>'
    expect(sanitizeComment(kept)).toBe(kept)
    expect(sanitizeComment('<blockquote>b</blockquote><ul><li>u</li></ul><ol><li>o</li></ol><p>p<br>x</p>')).toBe(
      '<blockquote>b</blockquote><ul><li>u</li></ul><ol><li>o</li></ol><p>p<br />x</p>',
    )
    expect(sanitizeComment('<h1>Big</h1> <span style="color:red">red</span> <div class="x">div</div> <img src="x.png">')).toBe('Big red div')
    expect(sanitizeComment('<b>bold</b> <i>it</i> <s>gone</s>')).toBe('<strong>bold</strong> <em>it</em> <del>gone</del>')
  })

  test('drops scripts, styles and active content with what they contain', () => {
    expect(sanitizeComment('a<script>alert(1)</script>b<style>*{}</style>c<iframe src="//evil"></iframe>d')).toBe('abcd')
    expect(sanitizeComment('<svg onload="alert(1)"><circle/></svg>x<math><mi>y</mi></math>')).toBe('x')
    expect(sanitizeComment('<em onclick="alert(1)" style="x" class="y">hi</em>')).toBe('<em>hi</em>')
  })

  test('links keep only an http(s) or mailto href and get rel="nofollow ugc"', () => {
    expect(sanitizeComment('<a href="https://example.com/a" target="_blank" onclick="x()" rel="me">site</a>')).toBe(
      '<a href="https://example.com/a" rel="nofollow ugc">site</a>',
    )
    for (const bad of ['javascript:alert(1)', 'JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', '&#106;avascript:alert(1)', 'data:text/html,<b>x</b>', 'vbscript:x', '//evil.example/']) {
      expect(sanitizeComment(`<a href="${bad}">x</a>`), bad).not.toMatch(/href/)
    }
  })

  test('bare URLs become nofollow links; www. too; plain words, emails and code do not', () => {
    expect(html('see https://example.com/a?b=1&c=2 now')).toBe(
      '<p>see <a href="https://example.com/a?b=1&amp;c=2" rel="nofollow ugc">https://example.com/a?b=1&amp;c=2</a> now</p>',
    )
    expect(html('try www.example.org.')).toBe('<p>try <a href="http://www.example.org" rel="nofollow ugc">www.example.org</a>.</p>')
    expect(html('node.js and bob@example.com')).toBe('<p>node.js and bob@example.com</p>')
    expect(html('<code>http://no.example</code>')).toBe('<p><code>http://no.example</code></p>')
    expect(html('<a href="https://a.example">https://b.example</a>')).toBe('<p><a href="https://a.example" rel="nofollow ugc">https://b.example</a></p>')
    // angle brackets around an address read as a tag, as in WordPress: the tag goes
    expect(html('a <http://x.example> b')).toBe('<p>a  b</p>')
  })

  test('paragraphs come from blank lines and line breaks from single newlines', () => {
    expect(html('One\ntwo\n\nThree\r\n\r\n\r\nFour')).toBe('<p>One<br />\ntwo</p>\n<p>Three</p>\n<p>Four</p>')
    expect(html('<blockquote>quoted\n\nmore</blockquote>\nreply')).toBe('<blockquote><p>quoted</p>\n<p>more</p></blockquote>\n<p>reply</p>')
    expect(html('<ul>\n<li>one</li>\n<li>two</li>\n</ul>\nafter')).toBe('<ul><li>one</li><li>two</li></ul>\n<p>after</p>')
    expect(html('<p>one\n\ntwo</p>')).toBe('<p>one</p>\n<p>two</p>')
    expect(html('   \n\n  ')).toBe('')
  })

  test('text is escaped once, quotes curl at render, the words read back', () => {
    const stored = sanitizeComment('a < b && "c" > d, it\'s')
    expect(stored).toBe('a &lt; b &amp;&amp; "c" &gt; d, it\'s')
    const shown = commentToHtml(stored)
    expect(renderCommentHtml(shown)).toBe('<p>a &lt; b &amp;&amp; \u201Cc\u201D &gt; d, it\u2019s</p>')
    expect(commentText(shown)).toBe('a < b && "c" > d, it\'s')
  })

  test('a commenter’s website is http(s) only', () => {
    expect(cleanAuthorUrl(' https://rita.example ')).toBe('https://rita.example')
    expect(cleanAuthorUrl('rita.example/blog')).toBe('http://rita.example/blog')
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'ftp://x.example', 'not a url', 'http://user:pw@x.example/', '"><script>']) {
      expect(cleanAuthorUrl(bad), bad).toBe('')
    }
  })
})
