import { describe, expect, test } from 'vitest'
import { convertWordPressContent, type MediaItem } from './index.js'

const IMG = '<img class="size-medium wp-image-12" src="https://old.test/wp-content/uploads/pic-300x200.jpg" alt="Pic" width="300" height="200" />'

describe('convertWordPressContent: classic content', () => {
  test('paragraphs and line breaks', () => {
    expect(convertWordPressContent('First paragraph\nwith a break.\n\nSecond paragraph.')).toBe(
      '<p>First paragraph<br />\nwith a break.</p>\n<p>Second paragraph.</p>',
    )
  })

  test('a caption with a link-wrapped image on its own line is a figure, not in a <p>', () => {
    const linked = `<a href="https://old.test/wp-content/uploads/pic.jpg">${IMG}</a>`
    const raw = `Intro.\n\n[caption id="attachment_12" align="alignright" width="300"]${linked} The caption[/caption]\n\nOutro.`
    expect(convertWordPressContent(raw)).toBe(
      '<p>Intro.</p>\n' +
        `<figure id="attachment_12" class="wp-caption alignright">${linked}<figcaption class="wp-caption-text">The caption</figcaption></figure>\n` +
        '<p>Outro.</p>',
    )
  })

  test('a caption inside a paragraph splits the paragraph around the figure', () => {
    const raw = `Before the image [caption id="attachment_12" width="300"]${IMG} Cap[/caption] and after it.\nNext line.`
    expect(convertWordPressContent(raw)).toBe(
      '<p>Before the image</p>\n' +
        `<figure id="attachment_12" class="wp-caption alignnone">${IMG}<figcaption class="wp-caption-text">Cap</figcaption></figure>\n` +
        '<p>and after it.<br />\nNext line.</p>',
    )
  })

  test('a caption on the line before text (no blank line) leaves no stray <br />', () => {
    const raw = `[caption width="300" align="alignleft"]${IMG} Cap[/caption]\nText right after.`
    expect(convertWordPressContent(raw)).toBe(
      `<figure class="wp-caption alignleft">${IMG}<figcaption class="wp-caption-text">Cap</figcaption></figure>\n<p>Text right after.</p>`,
    )
  })

  test('inline tags open across a caption are closed before it and reopened after it', () => {
    const raw = `<strong>Bold <em>text [caption width="300"]${IMG} Cap[/caption] still</em> bold</strong> plain`
    expect(convertWordPressContent(raw)).toBe(
      '<p><strong>Bold <em>text</em></strong></p>\n' +
        `<figure class="wp-caption alignnone">${IMG}<figcaption class="wp-caption-text">Cap</figcaption></figure>\n` +
        '<p><strong><em>still</em> bold</strong> plain</p>',
    )
  })

  test('a link wrapping a caption is kept around the figure', () => {
    expect(convertWordPressContent(`<a href="/big.jpg">[caption width="300"]${IMG} Cap[/caption]</a>`)).toBe(
      `<a href="/big.jpg">\n<figure class="wp-caption alignnone">${IMG}<figcaption class="wp-caption-text">Cap</figcaption></figure>\n</a>`,
    )
  })

  test("WordPress's orphan </p> after a block's first line gets its <p>", () => {
    expect(convertWordPressContent('<div class="box">\nText inside\n\nMore inside\n</div>')).toBe(
      '<div class="box">\n<p>Text inside</p>\n<p>More inside\n</p></div>',
    )
    expect(convertWordPressContent('<div>\n\n</p>Text')).toBe('<div>\n<p>Text</p>')
  })

  test('a legacy caption attribute', () => {
    expect(convertWordPressContent(`[caption id="attachment_9" align="aligncenter" width="300" caption="Legacy"]${IMG}[/caption]`)).toBe(
      `<figure id="attachment_9" class="wp-caption aligncenter">${IMG}<figcaption class="wp-caption-text">Legacy</figcaption></figure>`,
    )
  })

  test('a gallery resolved from the media library', () => {
    const library: Record<number, MediaItem> = {
      4: { src: 'https://old.test/4-150x150.jpg', alt: 'Four', caption: 'Cap 4', width: 150, height: 150, file: 'https://old.test/4.jpg' },
      5: { src: 'https://old.test/5-150x150.jpg', alt: 'Five', caption: '', width: 150, height: 150, file: 'https://old.test/5.jpg' },
    }
    const raw = 'Our trip:\n\n[gallery ids="4,404,5" columns="2" link="file"]\n\nThe end.'
    expect(convertWordPressContent(raw, { resolveMedia: (id) => library[id] })).toBe(
      '<p>Our trip:</p>\n' +
        '<figure class="wp-block-gallery columns-2">' +
        '<figure class="wp-block-image size-thumbnail"><a href="https://old.test/4.jpg"><img src="https://old.test/4-150x150.jpg" alt="Four" width="150" height="150" class="wp-image-4" /></a><figcaption class="wp-element-caption">Cap 4</figcaption></figure>' +
        '<figure class="wp-block-image size-thumbnail"><a href="https://old.test/5.jpg"><img src="https://old.test/5-150x150.jpg" alt="Five" width="150" height="150" class="wp-image-5" /></a></figure>' +
        '</figure>\n' +
        '<p>The end.</p>',
    )
  })

  test('a gallery of attached images, and one with nothing to show', () => {
    const resolveMedia = (id: number) => ({ src: `/m/${id}.jpg`, alt: '' })
    expect(convertWordPressContent('[gallery]', { resolveMedia, listAttachedMedia: () => [8] })).toBe(
      '<figure class="wp-block-gallery columns-3"><figure class="wp-block-image size-thumbnail"><img src="/m/8.jpg" alt="" class="wp-image-8" /></figure></figure>',
    )
    expect(convertWordPressContent('Text\n\n[gallery]\n\nMore', { resolveMedia })).toBe('<p>Text</p>\n<p>More</p>')
    expect(convertWordPressContent('Text [gallery] more', { resolveMedia })).toBe('<p>Text  more</p>')
  })

  test('[embed] becomes a link paragraph', () => {
    expect(convertWordPressContent('Look:\n\n[embed width="640"]https://www.youtube.com/watch?v=dQw4w9WgXcQ[/embed]\n\nNice.')).toBe(
      '<p>Look:</p>\n<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></p>\n<p>Nice.</p>',
    )
  })

  test('a bare URL on its own line becomes a link paragraph; one in a sentence stays text', () => {
    expect(convertWordPressContent('See https://example.com/a for more.\n\nhttps://vimeo.com/12345\n\nBye.')).toBe(
      '<p>See https://example.com/a for more.</p>\n<p><a href="https://vimeo.com/12345">https://vimeo.com/12345</a></p>\n<p>Bye.</p>',
    )
  })

  test('<pre> content is untouched: no <p>, no <br />, no links, no rewriting of its text', () => {
    const pre = '<pre class="code">function x() {\n\n  return "<br>"\n}\nhttps://old.test/in-code\n\n\n<!--more--></pre>'
    const out = convertWordPressContent(`Code:\n\n${pre}\n\nDone.`, {
      siteUrlRewrite: { from: 'https://old.test/', to: () => '/gone' },
    })
    expect(out).toBe(`<p>Code:</p>\n${pre}\n<p>Done.</p>`)
  })

  test('markup written inside <pre> is not re-paragraphed', () => {
    const pre = '<pre><p>a <!--more--> b</p><p></p></pre>'
    expect(convertWordPressContent(`${pre}\n\nAfter <!--more--> text`)).toBe(`${pre}\n<p>After</p>\n<!--more-->\n<p>text</p>`)
  })

  test('shortcodes inside <pre> behave as in WordPress: [[caption]] shows as [caption]', () => {
    expect(convertWordPressContent('<pre>Type [[caption]] to caption.</pre>')).toBe('<pre>Type [caption] to caption.</pre>')
  })

  test('nested lists are not broken', () => {
    const list = '<ol>\n<li>One\n<ul>\n<li>One A</li>\n<li>One B</li>\n</ul>\n</li>\n<li>Two</li>\n</ol>'
    expect(convertWordPressContent(`Steps:\n${list}\nThat is all.`)).toBe(`<p>Steps:</p>\n${list}\n<p>That is all.</p>`)
  })

  test('<!--more--> is kept, and the paragraphs around it end before it', () => {
    expect(convertWordPressContent('Teaser text.\n\n<!--more-->\n\nThe rest.')).toBe('<p>Teaser text.</p>\n<!--more-->\n<p>The rest.</p>')
    expect(convertWordPressContent('Teaser text.\n<!--more Keep reading-->\nThe rest.')).toBe(
      '<p>Teaser text.</p>\n<!--more Keep reading-->\n<p>The rest.</p>',
    )
    expect(convertWordPressContent('Page one.\n\n<!--nextpage-->\n\nPage two.')).toBe('<p>Page one.</p>\n<!--nextpage-->\n<p>Page two.</p>')
  })

  test('unknown shortcodes are left as they are; escaped known ones lose one bracket pair', () => {
    expect(convertWordPressContent('[contact-form-7 id="12" title="Contact"]\n\nType [[caption]] to caption.')).toBe(
      '<p>[contact-form-7 id="12" title="Contact"]</p>\n<p>Type [caption] to caption.</p>',
    )
  })

  test('HTML comments are kept and empty paragraphs are removed, NBSP spacers are not', () => {
    expect(convertWordPressContent('<!-- note -->\n\nText\n\n<p></p>\n\n<p>&nbsp;</p>')).toBe(
      '<p><!-- note --></p>\n<p>Text</p>\n<p>&nbsp;</p>',
    )
  })

  test('links and images pointing at the old site are rewritten', () => {
    const raw = '<a href="https://old.test/2019/05/post/">Post</a>\n\n[caption width="300"]<img src="https://old.test/wp-content/uploads/a.jpg" alt="" /> A[/caption]\n\n<a href="https://elsewhere.test/">Else</a>'
    const out = convertWordPressContent(raw, {
      siteUrlRewrite: {
        from: 'https://old.test/',
        to: (url) => (url.includes('/wp-content/uploads/') ? url.replace('https://old.test/wp-content/uploads/', '/media/') : '/blog/post'),
      },
    })
    expect(out).toBe(
      '<p><a href="/blog/post">Post</a></p>\n' +
        '<figure class="wp-caption alignnone"><img src="/media/a.jpg" alt="" /><figcaption class="wp-caption-text">A</figcaption></figure>\n' +
        '<p><a href="https://elsewhere.test/">Else</a></p>',
    )
  })

  test('empty content converts to an empty string', () => {
    expect(convertWordPressContent('')).toBe('')
    expect(convertWordPressContent('  \n\n ')).toBe('')
  })
})

describe('convertWordPressContent: block content', () => {
  const raw =
    '<!-- wp:heading -->\n<h2 class="wp-block-heading">Title</h2>\n<!-- /wp:heading -->\n\n' +
    '<!-- wp:paragraph -->\n<p>Line one\nline two, no &lt;br&gt; added</p>\n<!-- /wp:paragraph -->\n\n' +
    '<!-- wp:image {"id":5,"sizeSlug":"large"} -->\n<figure class="wp-block-image size-large"><img src="https://old.test/a.jpg" alt="" class="wp-image-5"/></figure>\n<!-- /wp:image -->\n\n' +
    '<!-- wp:spacer /-->\n\n' +
    '<!-- wp:html -->\n<div class="raw">\n\nUnwrapped text\n\n</div>\n<!-- /wp:html -->'

  test('is not autop’d: delimiters go, inner HTML is kept', () => {
    expect(convertWordPressContent(raw)).toBe(
      '<h2 class="wp-block-heading">Title</h2>\n' +
        '<p>Line one\nline two, no &lt;br&gt; added</p>\n' +
        '<figure class="wp-block-image size-large"><img src="https://old.test/a.jpg" alt="" class="wp-image-5"/></figure>\n' +
        '<div class="raw">\n\nUnwrapped text\n\n</div>',
    )
  })

  test('embed blocks become links and shortcode blocks still run', () => {
    const blocks =
      '<!-- wp:embed {"url":"https://youtu.be/x1","type":"video"} -->\n' +
      '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\nhttps://youtu.be/x1\n</div></figure>\n' +
      '<!-- /wp:embed -->\n\n' +
      '<!-- wp:shortcode -->\n[gallery ids="7"]\n<!-- /wp:shortcode -->'
    expect(convertWordPressContent(blocks, { resolveMedia: () => ({ src: '/m/7.jpg', alt: 'Seven' }) })).toBe(
      '<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">\n<a href="https://youtu.be/x1">https://youtu.be/x1</a>\n</div></figure>\n' +
        '<figure class="wp-block-gallery columns-3"><figure class="wp-block-image size-thumbnail"><img src="/m/7.jpg" alt="Seven" class="wp-image-7" /></figure></figure>',
    )
  })
})
