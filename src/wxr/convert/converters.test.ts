import { describe, expect, test } from 'vitest'
import { captionShortcode, sanitizeHtmlClass } from './caption.js'
import { autoembed, embedShortcode, linkForUrl } from './embed.js'
import { galleryShortcode, parseIdList, type MediaItem } from './gallery.js'
import { doShortcode, wordpressShortcodes } from './shortcodes.js'

const IMG = '<img src="pic.jpg" alt="A pic" width="300" height="200" class="size-medium wp-image-12" />'
const same = (html: string) => html

describe('[caption]', () => {
  test('new format: the caption text follows the image', () => {
    expect(captionShortcode({ id: 'attachment_12', align: 'alignright', width: '300' }, `${IMG} Caption text`, same)).toBe(
      `<figure id="attachment_12" class="wp-caption alignright">${IMG}<figcaption class="wp-caption-text">Caption text</figcaption></figure>`,
    )
  })

  test('an image wrapped in a link stays wrapped', () => {
    const linked = `<a href="https://old.test/pic.jpg">${IMG}</a>`
    expect(captionShortcode({ id: 'attachment_12', align: 'alignnone', width: '300' }, `${linked}Linked <em>caption</em>`, same)).toBe(
      `<figure id="attachment_12" class="wp-caption alignnone">${linked}<figcaption class="wp-caption-text">Linked <em>caption</em></figcaption></figure>`,
    )
  })

  test('legacy format: the caption attribute', () => {
    expect(captionShortcode({ id: 'attachment_7', align: 'aligncenter', width: '500', caption: 'Old style' }, IMG, same)).toBe(
      `<figure id="attachment_7" class="wp-caption aligncenter">${IMG}<figcaption class="wp-caption-text">Old style</figcaption></figure>`,
    )
  })

  test('WordPress PHPUnit: a caption around a div, default alignment', () => {
    const handlers = wordpressShortcodes()
    expect(doShortcode('[caption caption="test" width="2"]<div>hello</div>[/caption]', handlers)).toBe(
      '<figure class="wp-caption alignnone"><div>hello</div><figcaption class="wp-caption-text">test</figcaption></figure>',
    )
  })

  test('WordPress PHPUnit: id and align are escaped, extra classes appended', () => {
    const out = captionShortcode({ width: '20', caption: 'Cap', id: '"myId', align: '&myAlignment', class: 'some-class another-class' }, '', same)
    expect(out).toBe(
      '<figure id="myId" class="wp-caption &amp;myAlignment some-class another-class"><figcaption class="wp-caption-text">Cap</figcaption></figure>',
    )
  })

  test('without a positive width, or without text, only the image remains (as in WordPress)', () => {
    expect(captionShortcode({ caption: 'Cap' }, IMG, same)).toBe(IMG)
    expect(captionShortcode({ width: '0' }, `${IMG} Cap`, same)).toBe(IMG)
    expect(captionShortcode({ width: '300' }, IMG, same)).toBe(IMG)
    expect(captionShortcode({ width: '300' }, `${IMG} 0`, same)).toBe(IMG) // PHP's empty('0')
  })

  test('wpautop debris around the caption text is dropped', () => {
    expect(captionShortcode({ width: '300' }, `<br />\n${IMG}<br />\nFirst line</p>\n<p>second line<br />\n`, same)).toBe(
      `<figure class="wp-caption alignnone">${IMG}<figcaption class="wp-caption-text">First line \n second line</figcaption></figure>`,
    )
  })

  test('[wp_caption] is the same shortcode, and nested shortcodes in it run', () => {
    const handlers = wordpressShortcodes()
    expect(doShortcode(`[wp_caption width="300"][embed]https://a.test/[/embed]${IMG} Cap[/wp_caption]`, handlers)).toBe(
      `<figure class="wp-caption alignnone">${IMG}<figcaption class="wp-caption-text">Cap</figcaption></figure>`,
    )
    expect(doShortcode('[caption width="300" caption="C"][embed]https://a.test/[/embed][/caption]', handlers)).toBe(
      '<figure class="wp-caption alignnone"><a href="https://a.test/">https://a.test/</a><figcaption class="wp-caption-text">C</figcaption></figure>',
    )
  })

  test("sanitize_html_class keeps WordPress's characters only", () => {
    expect(sanitizeHtmlClass('attachment_12')).toBe('attachment_12')
    expect(sanitizeHtmlClass('"my%20Id!')).toBe('myId')
  })
})

describe('[gallery]', () => {
  const library: Record<number, MediaItem> = {
    1: { src: 'https://old.test/1-150x150.jpg', alt: 'One', caption: 'First <em>image</em>', width: 150, height: 150, link: 'https://old.test/?attachment_id=1', file: 'https://old.test/1.jpg' },
    2: { src: 'https://old.test/2-150x150.jpg', alt: 'Two "quoted"', caption: '', width: 150, height: 150, link: 'https://old.test/?attachment_id=2' },
    3: { src: 'https://old.test/3.jpg', alt: '' },
  }
  const sizes: string[] = []
  const resolveMedia = (id: number, size: string) => {
    sizes.push(size)
    return library[id]
  }

  test('ids are resolved in order; unknown ids are skipped; the default link is the attachment page', () => {
    expect(galleryShortcode({ ids: '2, 99,1', columns: '2' }, { resolveMedia })).toBe(
      '<figure class="wp-block-gallery columns-2">' +
        '<figure class="wp-block-image size-thumbnail"><a href="https://old.test/?attachment_id=2"><img src="https://old.test/2-150x150.jpg" alt="Two &quot;quoted&quot;" width="150" height="150" class="wp-image-2" /></a></figure>' +
        '<figure class="wp-block-image size-thumbnail"><a href="https://old.test/?attachment_id=1"><img src="https://old.test/1-150x150.jpg" alt="One" width="150" height="150" class="wp-image-1" /></a><figcaption class="wp-element-caption">First <em>image</em></figcaption></figure>' +
        '</figure>',
    )
  })

  test('link="file" links the full-size file, link="none" links nothing; size is passed to the resolver', () => {
    sizes.length = 0
    expect(galleryShortcode({ ids: '1,3', size: 'medium', link: 'file', columns: '3' }, { resolveMedia })).toBe(
      '<figure class="wp-block-gallery columns-3">' +
        '<figure class="wp-block-image size-medium"><a href="https://old.test/1.jpg"><img src="https://old.test/1-150x150.jpg" alt="One" width="150" height="150" class="wp-image-1" /></a><figcaption class="wp-element-caption">First <em>image</em></figcaption></figure>' +
        '<figure class="wp-block-image size-medium"><a href="https://old.test/3.jpg"><img src="https://old.test/3.jpg" alt="" class="wp-image-3" /></a></figure>' +
        '</figure>',
    )
    expect(sizes).toEqual(['medium', 'medium'])
    expect(galleryShortcode({ ids: '3', link: 'none' }, { resolveMedia })).toBe(
      '<figure class="wp-block-gallery columns-3"><figure class="wp-block-image size-thumbnail"><img src="https://old.test/3.jpg" alt="" class="wp-image-3" /></figure></figure>',
    )
  })

  test("without ids, the post's attached images are used, minus exclude, reversed by order=DESC", () => {
    const asked: Array<number | undefined> = []
    const listAttachedMedia = (postId: number | undefined) => {
      asked.push(postId)
      return [1, 2, 3]
    }
    const ids = (html: string) => Array.from(html.matchAll(/wp-image-(\d+)/g), (m) => Number(m[1]))
    expect(ids(galleryShortcode({}, { resolveMedia, listAttachedMedia }))).toEqual([1, 2, 3])
    expect(ids(galleryShortcode({ exclude: '2', order: 'DESC', id: '42' }, { resolveMedia, listAttachedMedia }))).toEqual([3, 1])
    expect(asked).toEqual([undefined, 42])
  })

  test('a gallery with no known image renders nothing (WordPress PHPUnit: title with HTML)', () => {
    expect(galleryShortcode({ ids: '98,99' }, { resolveMedia })).toBe('')
    expect(doShortcode('[gallery title="<div>hello</div>"]', wordpressShortcodes({ resolveMedia }))).toBe('')
  })

  test('without a resolver the gallery shortcode is left for later', () => {
    expect(doShortcode('[gallery ids="1,2"]', wordpressShortcodes())).toBe('[gallery ids="1,2"]')
  })

  test("wp_parse_id_list: separators, junk and duplicates", () => {
    expect(parseIdList('3, 1 2,,x,3,-4')).toEqual([3, 1, 2, 4])
  })
})

describe('[embed] and auto-embeds', () => {
  test('[embed]URL[/embed] and [embed src=URL] become links', () => {
    expect(embedShortcode({}, ' https://www.youtube.com/watch?v=abc&amp;t=10 ')).toBe(
      '<a href="https://www.youtube.com/watch?v=abc&amp;t=10">https://www.youtube.com/watch?v=abc&amp;t=10</a>',
    )
    expect(embedShortcode({ src: 'https://vimeo.com/1' }, '')).toBe('<a href="https://vimeo.com/1">https://vimeo.com/1</a>')
    expect(embedShortcode({}, '')).toBe('')
  })

  test('only http(s) URLs become links', () => {
    expect(linkForUrl('javascript:alert(1)')).toBe('javascript:alert(1)')
    expect(linkForUrl('https://a.test/"><script>')).toBe('https://a.test/&quot;&gt;&lt;script&gt;')
  })

  test('a URL alone on its line becomes a link; one inside a sentence does not', () => {
    expect(autoembed('Watch this:\n\nhttps://youtu.be/x1\n\nand https://example.com/ later')).toBe(
      'Watch this:\n\n<a href="https://youtu.be/x1">https://youtu.be/x1</a>\n\nand https://example.com/ later',
    )
  })

  test('a URL alone in its own paragraph becomes a link', () => {
    expect(autoembed('<p class="x">  https://youtu.be/x1 </p>')).toBe(
      '<p class="x">  <a href="https://youtu.be/x1">https://youtu.be/x1</a> </p>',
    )
  })

  test('URLs inside <pre>, <code>, links and multi-line tags stay as they are', () => {
    const text =
      '<pre>\nhttps://a.test/\n</pre>\n<a href="https://b.test/">\nhttps://b.test/\n</a>\n<img\nsrc="x"\nalt="\nhttps://c.test/\n">'
    expect(autoembed(text)).toBe(text)
  })
})
