// Cases ported from WordPress's tests/phpunit/tests/formatting/wpAutop.php (ticket numbers kept), then ours.
import { readFileSync } from 'node:fs'
import { describe, expect, test } from 'vitest'
import { wpautop } from './wpautop.js'

const htmlentities = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;')

describe('wpautop: WordPress PHPUnit cases', () => {
  test('the first post (#11008)', () => {
    const input = `
Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.

First things first:
<ul>
<li><a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Subscribe to the WordPress mailing list for release notifications</a></li>
</ul>
As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.
When a new version is released, <a href="%2$s" title="If you are already logged in, this will take you directly to the Dashboard">log in to the Dashboard</a> and follow the instructions.
Upgrading is a couple of clicks!

Then you can start enjoying the WordPress experience:
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings like your password, your display name and your contact information">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a> and at <a href="%5$s" title="Create a new page">Pages &#8250; Add New</a></li>
</ul>
To keep this post for reference, <a href="%11$s" title="Click to edit the content and settings of this post">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.

Thank you for selecting WordPress.  We wish you happy publishing!

PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Do it now!</a>
`
    const expected = `<p>Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.</p>
<p>First things first:</p>
<ul>
<li><a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Subscribe to the WordPress mailing list for release notifications</a></li>
</ul>
<p>As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.<br />
When a new version is released, <a href="%2$s" title="If you are already logged in, this will take you directly to the Dashboard">log in to the Dashboard</a> and follow the instructions.<br />
Upgrading is a couple of clicks!</p>
<p>Then you can start enjoying the WordPress experience:</p>
<ul>
<li>Edit your personal information at <a href="%3$s" title="Edit settings like your password, your display name and your contact information">Users &#8250; Profile</a></li>
<li>Start publishing at <a href="%4$s" title="Create a new post">Posts &#8250; Add New</a> and at <a href="%5$s" title="Create a new page">Pages &#8250; Add New</a></li>
</ul>
<p>To keep this post for reference, <a href="%11$s" title="Click to edit the content and settings of this post">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.</p>
<p>Thank you for selecting WordPress.  We wish you happy publishing!</p>
<p>PS.  Not yet subscribed for update notifications?  <a href="%1$s" title="Subscribe to the WordPress mailing list for Release Notifications">Do it now!</a></p>
`
    expect(wpautop(input)).toBe(expected)
  })

  test('does not alter the contents of <pre> (#19855)', () => {
    const code = htmlentities(readFileSync(new URL('../../../test/fixtures/wxr-convert/code-sample.js', import.meta.url), 'utf8'))
    expect(wpautop(`<pre>${code}</pre>`).trim()).toBe(`<pre>${code}</pre>`)
    expect(wpautop(`Look at this code\n\n<pre>${code}</pre>\n\nIsn't that cool?`).trim()).toBe(
      `<p>Look at this code</p>\n<pre>${code}</pre>\n<p>Isn't that cool?</p>`,
    )
    const breaks = 'Look at this code\n\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n\nCool, huh?'
    expect(wpautop(breaks).trim()).toBe(
      '<p>Look at this code</p>\n<pre>Line1<br />Line2<br>Line3<br/>Line4\nActual Line 2\nActual Line 3</pre>\n<p>Cool, huh?</p>',
    )
  })

  test('does not add <br /> to <input> elements (#16456)', () => {
    const str = 'Username: <input type="text" id="username" name="username" /><br />Password: <input type="password" id="password1" name="password1" />'
    expect(wpautop(str).trim()).toBe(`<p>${str}</p>`)
  })

  test('wraps inline <math> in a paragraph (#13340)', () => {
    const str = '<math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup><mo>=</mo><msup><mi>c</mi><mn>2</mn></msup></mrow></math>'
    expect(wpautop(str).trim()).toBe(`<p>${str}</p>`)
  })

  test('adds no <br /> inside block <math> (#13340)', () => {
    const str = '<math display="block">\n\t<mtable>\n\t\t<mtr>\n\t\t\t<mtd><msup><mi>a</mi><mn>2</mn></msup></mtd>\n\t\t\t<mtd><mo>=</mo></mtd>\n\t\t</mtr>\n\t</mtable>\n</math>'
    expect(wpautop(str).trim()).toBe(`<p>${str}</p>`)
  })

  describe('<source> and <track> (#26864)', () => {
    const expected =
      '<p>Paragraph one.</p>\n' +
      '<p><video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls">' +
      '<source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" />' +
      '<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->' +
      '<source type="video/webm" src="myvideo.webm" />' +
      '<!-- Optional: Add subtitles for each language -->' +
      '<track kind="subtitles" src="subtitles.srt" srclang="en" />' +
      '<a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">' +
      'http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a></video></p>\n' +
      '<p>Paragraph two.</p>'

    test('line breaks between them', () => {
      const content =
        'Paragraph one.\n\n' +
        '<video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls">\n' +
        '\t\t\t\t<source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" />\n' +
        '\t\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n' +
        '\t\t\t\t<source type="video/webm" src="myvideo.webm" />\n' +
        '\t\t\t\t<!-- Optional: Add subtitles for each language -->\n' +
        '\t\t\t\t<track kind="subtitles" src="subtitles.srt" srclang="en" />\n' +
        '\t\t\t\t<a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a>\n' +
        '\t\t\t</video>\n\nParagraph two.'
      expect(wpautop(content).trim()).toBe(expected)
    })

    test('blank lines between them', () => {
      const content =
        'Paragraph one.\n\n' +
        '<video class="wp-video-shortcode" id="video-0-1" width="640" height="360" preload="metadata" controls="controls">\n\n' +
        '\t\t\t<source type="video/mp4" src="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4" />\n\n' +
        '\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n' +
        '\t\t\t<source type="video/webm" src="myvideo.webm" />\n\n' +
        '\t\t\t<!-- Optional: Add subtitles for each language -->\n' +
        '\t\t\t<track kind="subtitles" src="subtitles.srt" srclang="en" />\n\n' +
        '\t\t\t<a href="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a>\n\n' +
        '\t\t\t</video>\n\nParagraph two.'
      expect(wpautop(content).trim()).toBe(expected)
    })

    test('inside a [video] shortcode', () => {
      const content =
        'Paragraph one.\n\n' +
        '[video width="720" height="480" mp4="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4"]\n' +
        '\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n' +
        '\t\t\t<source type="video/webm" src="myvideo.webm" />\n' +
        '\t\t\t<!-- Optional: Add chapters -->\n' +
        '\t\t\t<track kind="chapters" src="chapters.srt" srclang="en" />\n' +
        '\t\t\t[/video]\n\nParagraph two.'
      expect(wpautop(content).trim()).toBe(
        '<p>Paragraph one.</p>\n' +
          '<p>[video width="720" height="480" mp4="http://domain.tld/wp-content/uploads/2013/12/xyz.mp4"]' +
          '<!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type="video/webm" src="myvideo.webm" />' +
          '<!-- Optional: Add chapters --><track kind="chapters" src="chapters.srt" srclang="en" />' +
          '[/video]</p>\n' +
          '<p>Paragraph two.</p>',
      )
    })
  })

  describe('<param> and <embed> inside <object> (#26864)', () => {
    test('a lone object', () => {
      const content =
        '\nParagraph one.\n\n' +
        '<object width="400" height="224" classid="clsid:d27cdb6e-ae6d-11cf-96b8-444553540000">\n' +
        '\t<param name="src" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />\n' +
        '\t<param name="allowfullscreen" value="true" />\n\n' +
        '\t<embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />\n' +
        '</object>\n\nParagraph two.'
      expect(wpautop(content).trim()).toBe(
        '<p>Paragraph one.</p>\n' +
          '<p><object width="400" height="224" classid="clsid:d27cdb6e-ae6d-11cf-96b8-444553540000">' +
          '<param name="src" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />' +
          '<param name="allowfullscreen" value="true" />' +
          '<embed width="400" height="224" type="application/x-shockwave-flash" src="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />' +
          '</object></p>\n' +
          '<p>Paragraph two.</p>',
      )
    })

    test('nested objects in a div, with conditional comments', () => {
      const content =
        '\nParagraph one.\n\n' +
        '<div class="video-player" id="x-video-0">\n' +
        '<object classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000" width="640" height="360" id="video-0" standby="Standby text">\n' +
        '  <param name="movie" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />\n' +
        '  <param name="quality" value="best" />\n\n' +
        '  <!--[if !IE]--><object type="application/x-shockwave-flash" data="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" width="640" height="360" standby="Standby text">\n' +
        '    <param name="quality" value="best" />\n\n' +
        '    <param name="overstretch" value="true" />\n' +
        '  </object><!--<![endif]-->\n' +
        '</object></div>\n\nParagraph two.'
      expect(wpautop(content).trim()).toBe(
        '<p>Paragraph one.</p>\n' +
          '<div class="video-player" id="x-video-0">\n' +
          '<object classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000" width="640" height="360" id="video-0" standby="Standby text">' +
          '<param name="movie" value="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" />' +
          '<param name="quality" value="best" />' +
          '<!--[if !IE]--><object type="application/x-shockwave-flash" data="http://domain.tld/wp-content/uploads/2013/12/xyz.swf" width="640" height="360" standby="Standby text">' +
          '<param name="quality" value="best" />' +
          '<param name="overstretch" value="true" /></object><!--<![endif]-->' +
          '</object></div>\n' +
          '<p>Paragraph two.</p>',
      )
    })
  })

  test('does not add <br /> to <select> or <option> (#22230)', () => {
    const str = 'Country: <select id="state" name="state"><option value="1">Alabama</option><option value="2">Alaska</option><option value="3">Arizona</option></select>'
    expect(wpautop(str).trim()).toBe(`<p>${str}</p>`)
  })

  describe('block-level elements are blocks (#27268)', () => {
    const blocks = [
      'table', 'thead', 'tfoot', 'caption', 'col', 'colgroup', 'tbody', 'tr', 'td', 'th', 'div', 'dl', 'dd', 'dt',
      'ul', 'ol', 'li', 'pre', 'form', 'map', 'area', 'address', 'style', 'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
      'fieldset', 'legend', 'section', 'article', 'aside', 'hgroup', 'header', 'footer', 'nav', 'figure', 'details',
      'menu', 'summary',
    ]
    const content = blocks.map((b) => `<${b}>foo</${b}>`)

    test('whitespace is normalised', () => {
      expect(wpautop(content.join('\n\n')).trim()).toBe(content.join('\n'))
      expect(wpautop(content.join('')).trim()).toBe(content.join('\n'))
    })

    test('whitespace is added between self-closed blocks', () => {
      const selfClosed = blocks.map((b) => `<${b}/>`)
      expect(wpautop(selfClosed.join('')).trim()).toBe(selfClosed.join('\n'))
    })

    test('whitespace is added between blocks with attributes', () => {
      const withAttrs = blocks.map((b) => `<${b} attr='value'>foo</${b}>`)
      expect(wpautop(withAttrs.join('')).trim()).toBe(withAttrs.join('\n'))
    })
  })

  test("autops a blockquote's contents but not the blockquote (#27268)", () => {
    expect(wpautop('<blockquote>foo</blockquote>').trim()).toBe('<blockquote><p>foo</p></blockquote>')
  })

  test('treats inline elements as inline (#27268)', () => {
    const inlines = [
      'a', 'em', 'strong', 'small', 's', 'cite', 'q', 'dfn', 'abbr', 'data', 'time', 'code', 'var', 'samp', 'kbd',
      'sub', 'sup', 'i', 'b', 'u', 'mark', 'span', 'del', 'ins', 'noscript', 'select',
    ]
    const content = inlines.map((i) => `<${i}>foo</${i}>`).join('\n\n')
    const expected = inlines.map((i) => `<p><${i}>foo</${i}></p>`).join('\n')
    expect(wpautop(content).trim()).toBe(expected)
  })

  test.each([
    ["Hello <a\nhref='world'>", "<p>Hello <a\nhref='world'></p>\n"],
    ["Hello <!-- a\nhref='world' -->", "<p>Hello <!-- a\nhref='world' --></p>\n"],
    [
      'Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n -->',
      '<p>Hello <!-- <object>\n<param>\n<param>\n<embed>\n</embed>\n</object>\n --></p>\n',
    ],
    [
      'Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n -->',
      '<p>Hello <!-- <object>\n<param/>\n<param/>\n<embed>\n</embed>\n</object>\n --></p>\n',
    ],
    [
      'Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]>',
      '<p>Hello <![CDATA[ a\nhttps://youtu.be/jgz0uSaOZbE\n ]]></p>\n',
    ],
    [
      'Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> -->',
      '<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 ]]> --></p>\n',
    ],
    [
      'Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]>',
      '<p>Hello <![CDATA[ <!-- a\nhttps://youtu.be/jgz0uSaOZbE\n a\n9 --> a\n9 ]]></p>\n',
    ],
  ])('does not mangle newlines inside elements (#33106): %j', (input, output) => {
    expect(wpautop(input)).toBe(output)
  })

  test('keeps line breaks after <br> as they are (#33377)', () => {
    const content = '\nline 1<br>\nline 2<br/>\nline 3<br />\nline 4\nline 5\n'
    expect(wpautop(content).trim()).toBe('<p>line 1<br />\nline 2<br />\nline 3<br />\nline 4<br />\nline 5</p>')
  })

  test('makes a paragraph break of two <br>s in any spelling (#33377)', () => {
    expect(wpautop('\nline 1<br>\n<br/>\nline 2<br/>\n<br />\n').trim()).toBe('<p>line 1</p>\n<p>line 2</p>')
  })

  test('wraps text before a block in a paragraph (#4857)', () => {
    expect(wpautop('a<div>b</div>').trim()).toBe('<p>a</p>\n<div>b</div>')
  })

  test('adds no extra </p> before <figcaption> (#39307)', () => {
    const oneLine = '<figure><img src="example.jpg" /><figcaption>Caption</figcaption></figure>'
    expect(wpautop(oneLine).trim()).toBe(oneLine)
    const lines = '<figure>\n<img src="example.jpg" />\n<figcaption>Caption</figcaption>\n</figure>'
    expect(wpautop(lines).trim()).toBe('<figure>\n<img src="example.jpg" /><figcaption>Caption</figcaption></figure>')
  })

  test('does not wrap <hr> in a paragraph (#14674)', () => {
    expect(wpautop('paragraph1<hr>paragraph2').trim()).toBe('<p>paragraph1</p>\n<hr>\n<p>paragraph2</p>')
  })

  test('leaves inline SVG alone (#9437)', () => {
    const content = '<svg xmlns="http://www.w3.org/2000/svg">\n\t\t\t\t<circle cx="50" cy="50" r="30" fill="blue">\n\t\t\t\t\t<animateTransform attributeName="transform" type="scale" to="1.5" dur="2s" fill="freeze"/>\n\t\t\t\t</circle>\n\t\t\t</svg>'
    expect(wpautop(content).trim()).toBe(`<p>${content}</p>`)
  })

  test('leaves inline scripts alone (#9437)', () => {
    const content = '<script type="text/javascript">\n\t\t\t\tvar dummy = 1;\n\t\t\t</script>'
    expect(wpautop(content).trim()).toBe(`<p>${content}</p>`)
  })
})

describe('wpautop: Pressroom cases', () => {
  test('empty and whitespace-only text gives an empty string', () => {
    expect(wpautop('')).toBe('')
    expect(wpautop(' \n\t\n')).toBe('')
  })

  test('a lone NBSP is text, as in WordPress', () => {
    expect(wpautop('\u00a0')).toBe('<p>\u00a0</p>\n')
  })

  test('without br, single newlines stay newlines', () => {
    expect(wpautop('Line 1\nLine 2\n\nNext', false)).toBe('<p>Line 1\nLine 2</p>\n<p>Next</p>\n')
  })

  test('CRLF and CR are normalised', () => {
    expect(wpautop('one\r\n\r\ntwo\rthree')).toBe('<p>one</p>\n<p>two<br />\nthree</p>\n')
  })

  test('nested lists are not broken up', () => {
    const list = '<ul>\n<li>One\n<ul>\n<li>One A</li>\n<li>One B</li>\n</ul>\n</li>\n<li>Two</li>\n</ul>'
    expect(wpautop(`Intro\n\n${list}\n\nOutro`)).toBe(
      '<p>Intro</p>\n<ul>\n<li>One\n<ul>\n<li>One A</li>\n<li>One B</li>\n</ul>\n</li>\n<li>Two</li>\n</ul>\n<p>Outro</p>\n',
    )
  })

  test('HTML comments are kept', () => {
    expect(wpautop('Before\n\n<!-- a note -->\n\nAfter')).toBe('<p>Before</p>\n<p><!-- a note --></p>\n<p>After</p>\n')
  })

  test('blank lines inside <script> and <style> do not split them (WordPress would)', () => {
    const script = '<script>\nvar a = 1;\n\nvar b = "<div>";\n</script>'
    expect(wpautop(`Text\n\n${script}`)).toBe(`<p>Text</p>\n<p>${script}</p>\n`)
    const style = '<style>\n.a { color: red }\n\n.b { color: blue }\n</style>'
    expect(wpautop(`${style}\n\nText`)).toBe(`${style}\n<p>Text</p>\n`)
  })

  test('a <textarea> value is kept verbatim', () => {
    const textarea = '<textarea name="t">line 1\nline 2\n\nline 4</textarea>'
    expect(wpautop(`Say:\n${textarea}`)).toBe(`<p>Say:<br />\n${textarea}</p>\n`)
  })

  test('several <pre> blocks each come back intact', () => {
    const a = '<pre class="a">x\n\ny</pre>'
    const b = '<pre>\n  indented\n\n\n  more</pre>'
    expect(wpautop(`${a}\n\nMiddle\n\n${b}`)).toBe(`${a}\n<p>Middle</p>\n${b}\n`)
  })
})
