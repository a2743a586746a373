// Cases ported from WordPress's tests/phpunit/tests/shortcode.php (ticket numbers kept), then ours.
import { describe, expect, test } from 'vitest'
import { wpautop } from './wpautop.js'
import {
  doShortcode,
  parseShortcodeAttrs,
  shortcodeUnautop,
  stripCSlashes,
  type ShortcodeAttrs,
  type ShortcodeHandlers,
} from './shortcodes.js'

/** The test shortcodes WordPress's suite registers, plus a recorder for what a handler received. */
function testHandlers() {
  const seen: { attrs?: ShortcodeAttrs; content?: string; tag?: string } = {}
  const handlers: Record<string, (a: ShortcodeAttrs, c: string, t: string) => string> = {
    'test-shortcode-tag': (attrs, content, tag) => {
      Object.assign(seen, { attrs, content, tag })
      return ''
    },
    footag: (attrs) => `foo = ${attrs['foo'] ?? ''}`,
    bartag: (attrs) => `foo = ${attrs['foo'] ?? 'no foo'}`,
    baztag: (_, content) => `content = ${doShortcode(content, handlers)}`,
    dumptag: (attrs) => Object.entries(attrs).map(([k, v]) => `${k} = ${v}\n`).join(''),
    hyphen: () => '_shortcode_hyphen',
    'hyphen-foo': () => '_shortcode_hyphen_foo',
    'hyphen-foo-bar': () => '_shortcode_hyphen_foo_bar',
    url: () => 'http://www.wordpress.org/',
  }
  return { handlers: handlers as ShortcodeHandlers, seen }
}

describe('doShortcode: WordPress PHPUnit cases', () => {
  const { handlers, seen } = testHandlers()
  const run = (text: string) => doShortcode(text, handlers)

  test('no attributes', () => {
    run('[test-shortcode-tag /]')
    expect(seen).toEqual({ attrs: {}, content: '', tag: 'test-shortcode-tag' })
  })

  test('one and two attributes', () => {
    run('[test-shortcode-tag foo="asdf" /]')
    expect(seen.attrs).toEqual({ foo: 'asdf' })
    run('[test-shortcode-tag foo="asdf" bar="bing" /]')
    expect(seen.attrs).toEqual({ foo: 'asdf', bar: 'bing' })
  })

  test('unknown tags, and tags that only start like a known one, are left alone (#17657)', () => {
    expect(run('[not-a-shortcode-tag]')).toBe('[not-a-shortcode-tag]')
    expect(run('[dumptag-notreal]')).toBe('[dumptag-notreal]')
    expect(run('[dumptag_notreal]')).toBe('[dumptag_notreal]')
    expect(run('[dumptagnotreal]')).toBe('[dumptagnotreal]')
  })

  test('hyphenated tags (#17657)', () => {
    expect(run('[hyphen]')).toBe('_shortcode_hyphen')
    expect(run('[hyphen-foo]')).toBe('_shortcode_hyphen_foo')
    expect(run('[hyphen-foo-bar]')).toBe('_shortcode_hyphen_foo_bar')
    expect(run('[hyphen-baz]')).toBe('[hyphen-baz]')
    expect(run('[hyphen-foo-bar-baz]')).toBe('[hyphen-foo-bar-baz]')
  })

  test('hyphenated attribute names (#9405)', () => {
    run('[test-shortcode-tag foo="foo" foo-bar="foo-bar" foo-bar-="foo-bar-" -foo-bar="-foo-bar" -foo-bar-="-foo-bar-" foo-bar-baz="foo-bar-baz" -foo-bar-baz="-foo-bar-baz" foo--bar="foo--bar" /]')
    expect(seen.attrs).toEqual({
      foo: 'foo',
      'foo-bar': 'foo-bar',
      'foo-bar-': 'foo-bar-',
      '-foo-bar': '-foo-bar',
      '-foo-bar-': '-foo-bar-',
      'foo-bar-baz': 'foo-bar-baz',
      '-foo-bar-baz': '-foo-bar-baz',
      'foo--bar': 'foo--bar',
    })
  })

  test('enclosing tags pass their content', () => {
    run('[test-shortcode-tag]content[/test-shortcode-tag]')
    expect(seen).toEqual({ attrs: {}, content: 'content', tag: 'test-shortcode-tag' })
    run('[test-shortcode-tag foo="bar" baz="bing"]content[/test-shortcode-tag]')
    expect(seen).toEqual({ attrs: { foo: 'bar', baz: 'bing' }, content: 'content', tag: 'test-shortcode-tag' })
  })

  test('an unclosed tag is self-closing', () => {
    expect(run('[test-shortcode-tag]')).toBe('')
    expect(seen).toEqual({ attrs: {}, content: '', tag: 'test-shortcode-tag' })
  })

  test.each([
    ['[test-shortcode-tag 123]', { 0: '123' }],
    ['[test-shortcode-tag http://www.youtube.com/watch?v=eBGIQ7ZuuiU]', { 0: 'http://www.youtube.com/watch?v=eBGIQ7ZuuiU' }],
    ['[test-shortcode-tag "something in quotes" "something else"]', { 0: 'something in quotes', 1: 'something else' }],
    ["[test-shortcode-tag 'something in quotes' 'something else']", { 0: 'something in quotes', 1: 'something else' }],
    ['[test-shortcode-tag 123 https://wordpress.org/ 0 "foo" bar]', { 0: '123', 1: 'https://wordpress.org/', 2: '0', 3: 'foo', 4: 'bar' }],
    ['[test-shortcode-tag 123 url=https://wordpress.org/ foo bar="baz"]', { 0: '123', url: 'https://wordpress.org/', 1: 'foo', bar: 'baz' }],
    [
      `[test-shortcode-tag 'something in quotes' "something else" 123 foo bar='baz' example="test" ]`,
      { 0: 'something in quotes', 1: 'something else', 2: '123', 3: 'foo', bar: 'baz', example: 'test' },
    ],
    [`[test-shortcode-tag a="foo" b='bar' c=baz foo 'bar' "baz" ]test empty atts[/test-shortcode-tag]`, { a: 'foo', b: 'bar', c: 'baz', 0: 'foo', 1: 'bar', 2: 'baz' }],
  ])('positional and mixed attributes (#37304): %s', (text, attrs) => {
    expect(run(text)).toBe('')
    expect(seen.attrs).toEqual(attrs)
  })

  test('attribute defaults and values', () => {
    expect(run('[footag]')).toBe('foo = ')
    expect(run('[footag foo="x7Yq"]')).toBe('foo = x7Yq')
  })

  test('nested tags run when the outer handler asks; a "/" before "]" self-closes', () => {
    // WordPress lists "0" last (PHP keeps insertion order); JavaScript objects list integer keys first.
    expect(run('[baztag][dumptag abc="foo" def=123 https://wordpress.org/][/baztag]')).toBe(
      'content = 0 = https://wordpress.org\nabc = foo\ndef = 123\n',
    )
  })

  test('[[tag]] escapes a shortcode (#6518)', () => {
    expect(run('[[footag]] [[bartag foo="bar"]]')).toBe('[footag] [bartag foo="bar"]')
    expect(run('[[footag /]] [[bartag foo="bar" /]]')).toBe('[footag /] [bartag foo="bar" /]')
    expect(run('[[baztag foo="bar"]the content[/baztag]]')).toBe('[baztag foo="bar"]the content[/baztag]')
    expect(run('[[[footag]]] [[[bartag foo="bar"]]]')).toBe('[[footag]] [[bartag foo="bar"]]')
  })

  test('brackets around a tag that are not an escape', () => {
    expect(run('[[footag] [bartag foo="bar"]]')).toBe('[foo =  foo = bar]')
    expect(run('[[footag /] [bartag foo="bar" /]]')).toBe('[foo =  foo = bar]')
    expect(run('[[baztag foo="bar"]the content[/baztag]')).toBe('[content = the content')
    expect(run('[[not-a-tag]]')).toBe('[[not-a-tag]]')
    expect(run('[[[footag] [bartag foo="bar"]]]')).toBe('[[foo =  foo = bar]]')
  })

  test('mixed tags over several lines', () => {
    const input = 'So this is a post with [footag foo="some stuff"] and a bunch of tags.\n\n[bartag]\n\n[baztag]\nHere\'s some content\non more than one line\n[/baztag]\n\n[bartag foo=1] [baztag] [footag foo="2"] [baztag]\n\n[baztag]\nmore content\n[/baztag]\n'
    const expected = 'So this is a post with foo = some stuff and a bunch of tags.\n\nfoo = no foo\n\ncontent = \nHere\'s some content\non more than one line\n\n\nfoo = 1 content =  foo = 2 content = \n\ncontent = \nmore content\n\n'
    expect(run(input)).toBe(expected)
  })

  test('NBSP and zero-width space separate attributes (#6562)', () => {
    run('[test-shortcode-tag foo="bar" \u00a0baz="123"]')
    expect(seen.attrs).toEqual({ foo: 'bar', baz: '123' })
    run('[test-shortcode-tag foo="bar" \u200babc="def"]')
    expect(seen.attrs).toEqual({ foo: 'bar', abc: 'def' })
  })

  test('the [tag=value] form is a positional attribute (#34939)', () => {
    expect(run('[dumptag=https://wordpress.org/]')).toBe('0 = =https://wordpress.org\n')
  })

  test('comments and conditional comments are not shortcodes', () => {
    expect(run('<!--[if lt IE 7]>')).toBe('<!--[if lt IE 7]>')
    expect(run('<!-- [footag foo="x"] -->')).toBe('<!-- [footag foo="x"] -->')
  })

  test('shortcodes inside tags are left alone (WordPress expands some there)', () => {
    expect(run('1 <a noise="[test-shortcode-tag]"> 2 <a noise=" [test-shortcode-tag] " >')).toBe(
      '1 <a noise="[test-shortcode-tag]"> 2 <a noise=" [test-shortcode-tag] " >',
    )
    expect(run('<a href="[url]">[url]</a>')).toBe('<a href="[url]">http://www.wordpress.org/</a>')
  })
})

describe('parseShortcodeAttrs', () => {
  test.each([
    ['', {}],
    ['\t', {}],
    ['title="unittest" link="https://unit.test/"', { title: 'unittest', link: 'https://unit.test/' }],
    ['TITLE="Loud"', { title: 'Loud' }],
    ['link=https://unit.test/ ', { link: 'https://unit.test/' }],
    ['link https://unit.test/', { 0: 'link', 1: 'https://unit.test/' }],
    ['title="<div>hello</div>"', { title: '<div>hello</div>' }],
    ['title="<div>hello"', { title: '<div>hello' }],
    ['title="<div hello"', { title: '' }],
    ['caption="Tab\\there"', { caption: 'Tab\there' }],
  ])('%j', (text, attrs) => {
    expect(parseShortcodeAttrs(text)).toEqual(attrs)
  })

  test("stripCSlashes matches PHP's stripcslashes", () => {
    expect(stripCSlashes('a\\nb\\x41\\101\\\\c\\"d')).toBe('a\nbAA\\c"d')
  })
})

describe('shortcodeUnautop', () => {
  test('a lone shortcode loses its paragraph (#14050)', () => {
    expect(shortcodeUnautop(wpautop('[footag]\n'), ['footag'])).toBe('[footag]\n')
  })

  test('spaces, NBSPs and &nbsp; around the shortcode do not matter (#22692)', () => {
    for (const input of [
      '<p>[gallery ids="37,15,11"]</p>',
      '<p> [gallery ids="37,15,11"] </p>',
      '<p> \u00a0[gallery ids="37,15,11"] \u00a0</p>',
      '<p> &nbsp;[gallery ids="37,15,11"] &nbsp;</p>',
    ]) {
      expect(shortcodeUnautop(input, ['gallery'])).toBe('[gallery ids="37,15,11"]')
    }
  })

  test('enclosing shortcodes, even across paragraphs', () => {
    expect(shortcodeUnautop('<p>[caption width="1"]<img src="a" /></p>\n<p>Text[/caption]</p>', ['caption'])).toBe(
      '[caption width="1"]<img src="a" /></p>\n<p>Text[/caption]',
    )
  })

  test('a shortcode sharing its paragraph with text keeps the paragraph', () => {
    expect(shortcodeUnautop('<p>See [gallery]</p>', ['gallery'])).toBe('<p>See [gallery]</p>')
  })

  test('unregistered shortcodes keep their paragraph', () => {
    expect(shortcodeUnautop('<p>[video src="a.mp4"]</p>', ['gallery'])).toBe('<p>[video src="a.mp4"]</p>')
  })
})
