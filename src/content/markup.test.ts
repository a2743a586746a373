import { describe, expect, test } from 'vitest'
import { autoExcerpt } from './markup.js'

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
