import { describe, expect, test } from 'vitest'
import { autopShortcodeBlocks, hasBlocks, stripBlockDelimiters } from './blocks.js'

describe('block delimiters', () => {
  test('has_blocks looks for an opening delimiter', () => {
    expect(hasBlocks('<!-- wp:paragraph -->\n<p>x</p>\n<!-- /wp:paragraph -->')).toBe(true)
    expect(hasBlocks('Just text <!-- a comment -->')).toBe(false)
  })

  test('delimiters go, inner HTML stays byte for byte', () => {
    const content =
      '<!-- wp:paragraph -->\n<p>Hello <strong>there</strong>\nsecond line</p>\n<!-- /wp:paragraph -->\n\n' +
      '<!-- wp:image {"id":5,"sizeSlug":"large","linkDestination":"none"} -->\n' +
      '<figure class="wp-block-image size-large"><img src="a.jpg" alt="" class="wp-image-5"/></figure>\n' +
      '<!-- /wp:image -->\n\n' +
      '<!-- wp:spacer {"height":"40px"} /-->\n\n' +
      '<!-- wp:separator /-->'
    expect(stripBlockDelimiters(content)).toBe(
      '<p>Hello <strong>there</strong>\nsecond line</p>\n' +
        '<figure class="wp-block-image size-large"><img src="a.jpg" alt="" class="wp-image-5"/></figure>\n',
    )
  })

  test('nested blocks, namespaced blocks and attributes holding braces', () => {
    const content =
      '<!-- wp:columns --><div class="wp-block-columns"><!-- wp:column {"width":"66%"} --><div class="wp-block-column">' +
      '<!-- wp:acme/note {"style":{"color":{"text":"#000"}},"text":"a } b"} --><p>Note</p><!-- /wp:acme/note -->' +
      '</div><!-- /wp:column --></div><!-- /wp:columns -->'
    expect(stripBlockDelimiters(content)).toBe('<div class="wp-block-columns"><div class="wp-block-column"><p>Note</p></div></div>')
  })

  test('code blocks keep their blank lines and ordinary comments stay', () => {
    const code = '<pre class="wp-block-code"><code>a\n\n\nb</code></pre>'
    const content = `<!-- wp:code -->\n${code}\n<!-- /wp:code -->\n\n<!-- a real comment -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->`
    expect(stripBlockDelimiters(content)).toBe(`${code}\n<!-- a real comment -->\n\n<!--more-->\n`)
  })

  test('look-alike comments are not delimiters', () => {
    const content = '<!-- wp: -->\n<!--wp:paragraph-->\n<!-- wp:Upper -->'
    expect(stripBlockDelimiters(content)).toBe(content)
  })

  test('a core/shortcode block autops its text, as its render callback does', () => {
    expect(autopShortcodeBlocks('<!-- wp:shortcode -->\n[gallery ids="1,2"]\n<!-- /wp:shortcode -->')).toBe('<p>[gallery ids="1,2"]</p>\n')
  })
})
