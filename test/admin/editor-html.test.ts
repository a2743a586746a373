import { describe, expect, test } from 'vitest'
import { countChanges, diffWords, textOfHtml } from '../../src/admin/app/src/editor/diff.js'
import { figureClass } from '../../src/admin/app/src/editor/markup.js'

/** The editor's pure parts: the figure classes it saves, and the word diff of the revisions screen. */
describe('figure classes, as WordPress’s image block writes them', () => {
  test('alignment and size become align* and size-* classes', () => {
    expect(figureClass({ align: 'center', size: 'large', mediaId: 4 })).toBe('wp-block-image aligncenter size-large')
    expect(figureClass({ align: 'left', size: 'thumbnail', mediaId: 4 })).toBe('wp-block-image alignleft size-thumbnail')
    expect(figureClass({ align: 'wide', size: 'full', mediaId: 4 })).toBe('wp-block-image alignwide size-full')
    expect(figureClass({ align: 'right', size: 'medium', mediaId: 4 })).toBe('wp-block-image alignright size-medium')
  })
  test('a library image without a chosen size is large; an outside image has no size class', () => {
    expect(figureClass({ align: '', size: '', mediaId: 4 })).toBe('wp-block-image size-large')
    expect(figureClass({ align: '', size: '', mediaId: null })).toBe('wp-block-image')
    expect(figureClass({ align: 'center', size: '', mediaId: null })).toBe('wp-block-image aligncenter')
  })
})

describe('the word diff of revisions', () => {
  const show = (parts: ReturnType<typeof diffWords>) => parts.map((p) => (p.kind === 'same' ? p.text : p.kind === 'added' ? `{+${p.text}+}` : `[-${p.text}-]`)).join('')

  test('words added and removed, the removed first, the rest kept', () => {
    const parts = diffWords('The council votes on Monday.', 'The council votes on Thursday after a long debate.')
    expect(show(parts)).toBe('The council votes on [-Monday.-]{+Thursday after a long debate.+}')
    expect(countChanges(parts)).toEqual({ added: 5, removed: 1 })
  })
  test('changes in the middle of a text, and joining the kept and added parts gives the new text back', () => {
    const before = 'One two three four five six seven.'
    const after = 'One two 3 four five seven eight.'
    const parts = diffWords(before, after)
    expect(parts.filter((p) => p.kind !== 'removed').map((p) => p.text).join('')).toBe(after)
    expect(parts.filter((p) => p.kind !== 'added').map((p) => p.text).join('')).toBe(before)
    expect(countChanges(parts)).toEqual({ added: 3, removed: 3 })
  })
  test('the same text has no changes; an empty side is all added or all removed', () => {
    expect(diffWords('Same words.', 'Same words.')).toEqual([{ kind: 'same', text: 'Same words.' }])
    expect(diffWords('', 'New text')).toEqual([{ kind: 'added', text: 'New text' }])
    expect(diffWords('Old text', '')).toEqual([{ kind: 'removed', text: 'Old text' }])
  })
  test('long texts with a change in the middle stay fast and exact', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => `w${i}`)
    const changed = [...words]
    changed[10_000] = 'changed'
    const parts = diffWords(words.join(' '), changed.join(' '))
    expect(countChanges(parts)).toEqual({ added: 1, removed: 1 })
  })
  test('post HTML is read as lines of words: blocks, table cells and line breaks separate them', () => {
    const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&')
    expect(textOfHtml('<h2>Title</h2><p>One<br>two &amp; three</p><figure class="wp-block-table"><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table></figure>', strip))
      .toBe('Title\nOne\ntwo & three\na b')
  })
})
