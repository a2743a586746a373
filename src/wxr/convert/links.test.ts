import { describe, expect, test } from 'vitest'
import { rewriteSiteUrls } from './links.js'

const rewrite = {
  from: 'https://old.test/',
  to: (url: string) => (url.includes('/keep/') ? undefined : url.replace('https://old.test/', '/new/')),
}

describe('rewriteSiteUrls', () => {
  test('href and src starting with the old site are rewritten, in any quoting', () => {
    const html = `<p><a href="https://old.test/a/">A</a> <img src='https://old.test/b.jpg' alt="https://old.test/x"> <a href=https://old.test/c>C</a></p>`
    expect(rewriteSiteUrls(html, rewrite)).toBe(
      `<p><a href="/new/a/">A</a> <img src='/new/b.jpg' alt="https://old.test/x"> <a href="/new/c">C</a></p>`,
    )
  })

  test('other sites, undefined answers, text, comments and look-alike attributes are left alone', () => {
    const html =
      '<a href="https://other.test/">https://old.test/</a><a href="https://old.test/keep/">k</a>' +
      '<!-- <a href="https://old.test/c"> --><img data-src="https://old.test/d.jpg" srcset="https://old.test/e.jpg 2x">'
    expect(rewriteSiteUrls(html, rewrite)).toBe(html)
  })

  test('&amp; is decoded for to() and the answer is escaped', () => {
    const seen: string[] = []
    const to = (url: string) => {
      seen.push(url)
      return '/search?a=1&b="2"'
    }
    expect(rewriteSiteUrls('<a href="https://old.test/?a=1&amp;b=2&#038;c=3">x</a>', { from: 'https://old.test/', to })).toBe(
      '<a href="/search?a=1&amp;b=&quot;2&quot;">x</a>',
    )
    expect(seen).toEqual(['https://old.test/?a=1&b=2&c=3'])
  })
})
