import { describe, expect, test } from 'vitest'
import { parseQuery } from './query.js'
import { snippet } from './snippet.js'

describe('snippets', () => {
  test('mark the words found, stems and accents too, and keep nothing but <mark> as markup', () => {
    const html = snippet('New sanctions hit São Paulo <b>exporters</b> & "friends".', parseQuery('sanction sao paulo'))
    expect(html).toBe('New <mark>sanctions</mark> hit <mark>São Paulo</mark> &lt;b&gt;exporters&lt;/b&gt; &amp; &quot;friends&quot;.')
  })

  test('a prefix marks the word it begins; a phrase marks its words together', () => {
    expect(snippet('President Zelenskyy spoke.', parseQuery('zelensk'))).toBe('President <mark>Zelenskyy</mark> spoke.')
    expect(snippet('the harbour bridge and a harbour', parseQuery('"harbour bridge"'))).toBe('the <mark>harbour bridge</mark> and a harbour')
  })

  test('a long text is cut around the densest passage, with ellipses', () => {
    const text = `${'filler '.repeat(100)}the council voted on the harbour bridge budget ${'more '.repeat(100)}`
    const html = snippet(text, parseQuery('harbour budget'))
    expect(html.startsWith('…')).toBe(true)
    expect(html.endsWith('…')).toBe(true)
    expect(html).toContain('<mark>harbour</mark> bridge <mark>budget</mark>')
    expect(html.split(' ').length).toBeLessThan(40)
  })

  test('nothing matched, nothing shown; markup in the text never survives', () => {
    expect(snippet('nothing here', parseQuery('harbour'))).toBe('')
    const html = snippet('<script>alert(1)</script> harbour <img src=x onerror=alert(2)>', parseQuery('harbour'))
    expect(html).not.toMatch(/<(?!\/?mark>)/)
  })
})

describe('snippets find every form of a word', () => {
  test.each([['ties', 'tied'], ['sanction', 'Sanctioned'], ['happy', 'happiness'], ['relational', 'RELATE']])('%s marks %s', (query, word) => {
    expect(snippet(`before ${word} after`, parseQuery(`${query} zzz`.replace(' zzz', '')))).toContain(`<mark>${word}</mark>`)
  })
})
