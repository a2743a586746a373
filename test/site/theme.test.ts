import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { listThemes, loadTheme } from '../../src/site/theme/theme.js'
import { templateCandidates } from '../../src/site/theme/template-hierarchy.js'

/** A theme folder written for the test: template name → source. */
function writeTheme(root: string, name: string, files: Record<string, string>): string {
  const dir = path.join(root, name)
  for (const [file, source] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), source)
  }
  return dir
}

describe('themes', () => {
  let root: string
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'pressroom-theme-'))
  })
  afterEach(() => rmSync(root, { recursive: true, force: true }))

  const site = { title: 'Daily', url: 'https://news.example', timezone: 'Europe/Paris', date_format: 'F j, Y' }

  test('a theme with only index.hbs renders every kind of page with it', () => {
    const theme = loadTheme(writeTheme(root, 'minimal', { 'index.hbs': '<p>{{site.title}}: {{#if post}}{{post.title}}{{else}}list{{/if}}</p>' }))
    expect(theme.render(templateCandidates({ kind: 'single', type: 'post', slug: 'a', id: 1 }), { site, post: { title: 'One' } })).toBe('<p>Daily: One</p>')
    expect(theme.render(templateCandidates({ kind: 'category', slug: 'a', id: 1 }), { site })).toBe('<p>Daily: list</p>')
  })

  test('the most specific template wins, and a template is wrapped in the layout it names', () => {
    const theme = loadTheme(writeTheme(root, 'full', {
      'index.hbs': 'index',
      'default.hbs': '<main>{{{body}}}</main>',
      'single.hbs': '{{!< default}}single {{post.title}}',
      'single-post-special.hbs': '{{!< default}}special',
      'archive.hbs': 'archive',
      'partials/card.hbs': '<b>{{title}}</b>',
      'category.hbs': '{{#foreach posts}}{{> card}}{{/foreach}}',
    }))
    expect(theme.render(templateCandidates({ kind: 'single', type: 'post', slug: 'x', id: 1 }), { site, post: { title: 'T' } })).toBe('<main>single T</main>')
    expect(theme.render(templateCandidates({ kind: 'single', type: 'post', slug: 'special', id: 1 }), { site })).toBe('<main>special</main>')
    expect(theme.render(templateCandidates({ kind: 'tag', slug: 't', id: 2 }), { site })).toBe('archive')
    expect(theme.render(templateCandidates({ kind: 'category', slug: 'c', id: 3 }), { site, posts: [{ title: 'a' }, { title: '<b>' }] })).toBe('<b>a</b><b>&lt;b&gt;</b>')
  })

  test('a theme without index.hbs is refused with a clear message', () => {
    expect(() => loadTheme(writeTheme(root, 'broken', { 'single.hbs': 'x' }))).toThrow(/has no index\.hbs/)
    writeTheme(root, 'ok', { 'index.hbs': 'x' })
    expect(listThemes(root)).toEqual(['ok'])
  })

  test('assets get content-hashed public paths that change with the content', () => {
    const dir = writeTheme(root, 'assets', { 'index.hbs': '{{asset "css/site.css"}}', 'assets/css/site.css': 'body{color:red}' })
    const first = loadTheme(dir)
    const url = first.render(['index'], { site })
    expect(url).toMatch(/^\/assets\/assets\/css\/site\.[0-9a-f]{10}\.css$/)
    expect(first.asset(url)?.body.toString()).toBe('body{color:red}')
    writeFileSync(path.join(dir, 'assets/css/site.css'), 'body{color:blue}')
    expect(loadTheme(dir).render(['index'], { site })).not.toBe(url)
    expect(() => first.assetPath('css/missing.css')).toThrow(/no asset/)
  })

  test('an asset a theme lacks is the default theme\'s, at its hashed path there; one the theme has is its own', () => {
    writeTheme(root, 'default', { 'index.hbs': 'x', 'assets/js/comments.js': 'reply()', 'assets/css/site.css': 'body{color:red}' })
    const child = loadTheme(writeTheme(root, 'child', { 'index.hbs': '{{asset "js/comments.js"}} {{asset "css/site.css"}}', 'assets/css/site.css': 'body{color:blue}' }))
    const parent = loadTheme(path.join(root, 'default'))
    const [script, style] = child.render(['index'], { site }).split(' ')
    expect(script).toBe(parent.assetPath('js/comments.js'))
    expect(parent.asset(script!)?.body.toString()).toBe('reply()')
    expect(style).toMatch(/^\/assets\/child\/css\/site\.[0-9a-f]{10}\.css$/)
    expect(child.asset(style!)?.body.toString()).toBe('body{color:blue}')
    expect(() => child.assetPath('js/missing.js')).toThrow(/no asset/)
  })

  test('Ghost-named helpers: date, foreach, excerpt, plural, post_class, body_class, is, img_url, pagination', () => {
    const theme = loadTheme(writeTheme(root, 'helpers', {
      'index.hbs': [
        '{{date when}}|{{date when format="D MMM YYYY HH:mm"}}|{{date when php="l jS \\o\\f F"}}',
        '{{#foreach items limit="2"}}{{@number}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}},{{/foreach}}',
        '{{#foreach none}}x{{else}}empty{{/foreach}}',
        '{{#with post}}{{excerpt words="3"}}|{{post_class}}{{/with}}',
        '{{plural 0 empty="none" singular="% one" plural="% many"}} {{plural 1 singular="% one" plural="% many"}} {{plural 5 singular="% one" plural="% many"}}',
        '{{body_class}}|{{#is "home, paged"}}yes{{else}}no{{/is}}|{{#is "tag"}}yes{{else}}no{{/is}}',
        '{{img_url image size="medium"}}|{{img_url image size="huge"}}',
        '{{pagination}}',
      ].join('\n'),
    }))
    const out = theme.render(['index'], {
      site,
      when: '2026-03-01T23:30:00Z',
      items: [1, 2, 3],
      none: [],
      post: { id: 4, type: 'post', sticky: true, excerpt: 'one two three four', categories: [{ slug: 'news' }], tags: [], feature_image: null },
      body_classes: ['home', 'blog'],
      context: ['home'],
      image: { url: '/u/a.jpg', sizes: { medium: { url: '/u/a-300x200.jpg' } } },
      pagination: { page: 2, pages: 3, prev_url: '/', next_url: '/page/3/' },
    }).split('\n')
    expect(out[0]).toBe('March 2, 2026|2 Mar 2026 00:30|Monday 2nd of March')
    expect(out[1]).toBe('1F,2L,')
    expect(out[2]).toBe('empty')
    expect(out[3]).toBe('one two three…|post post-4 type-post sticky category-news')
    expect(out[4]).toBe('none 1 one 5 many')
    expect(out[5]).toBe('home blog|yes|no')
    expect(out[6]).toBe('/u/a-300x200.jpg|/u/a.jpg')
    expect(out[7]).toContain('<nav class="pagination" aria-label="Pages"><a class="newer-posts" rel="prev" href="/">')
    expect(out[7]).toContain('Page 2 of 3')
  })

  test('Ghost-named helpers as Ghost themes use them: block params, rows, the post context and a pagination partial', () => {
    const theme = loadTheme(writeTheme(root, 'ghostly', {
      'index.hbs': [
        '{{#foreach items from="2" to="6" columns="2"}}{{#if @rowStart}}[{{/if}}{{@index}}:{{this}}{{#if @odd}}o{{/if}}{{#if @even}}e{{/if}}{{#if @rowEnd}}]{{/if}}{{/foreach}}',
        '{{#foreach posts as |story n|}}{{n}}={{story.title}};{{/foreach}}',
        '{{#post}}{{date format="YYYY-MM-DD"}}|{{date published_at format="D MMM"}}|{{excerpt characters="12"}}|{{img_url feature_image}}|{{img_url feature_image size="thumbnail"}}{{/post}}',
        '{{img_url missing}}|{{img_url "/u/plain.jpg"}}|{{img_url post.feature_image size="thumbnail" absolute="true"}}',
        '{{pagination}}',
        '{{asset "css/screen.css"}}',
      ].join('\n'),
      'partials/pagination.hbs': '<nav>{{page}}/{{pages}} {{#if prev_url}}<a href="{{prev_url}}">newer</a>{{/if}}{{#if next_url}}<a href="{{next_url}}">older</a>{{/if}}</nav>',
      'assets/css/screen.css': 'body{}',
    }))
    const out = theme.render(['index'], {
      site,
      items: ['a', 'b', 'c', 'd', 'e', 'f', 'g'],
      posts: [{ title: 'One' }, { title: 'Two' }],
      post: {
        date: '2026-03-01T10:00:00Z', published_at: '2026-03-01T10:00:00Z', excerpt: 'Council votes on the bridge',
        feature_image: { url: '/u/big.jpg', sizes: { thumbnail: { url: '/u/big-150x150.jpg' } } },
      },
      pagination: { page: 1, pages: 4, prev_url: null, next_url: '/page/2/' },
    }).split('\n')
    // As in Ghost: from/to count from 1 and include `to` (items 2 to 6); @index is the place in the whole list, the
    // list's first item is @odd, and rows of two start at its first item.
    expect(out[0]).toBe('1:be][2:co3:de][4:eo5:fe]')
    expect(out[1]).toBe('0=One;1=Two;')
    expect(out[2]).toBe('2026-03-01|1 Mar|Council…|/u/big.jpg|/u/big-150x150.jpg')
    expect(out[3]).toBe('|/u/plain.jpg|https://news.example/u/big-150x150.jpg')
    expect(out[4]).toBe('<nav>1/4 <a href="/page/2/">older</a></nav>')
    expect(out[5]).toMatch(/^\/assets\/ghostly\/css\/screen\.[0-9a-f]{10}\.css$/)
  })

  test('{{#keep}} renders its block once per frozen object and key, and every time for anything else', () => {
    let renders = 0
    const theme = loadTheme(writeTheme(root, 'keeping', {
      'index.hbs': '{{#foreach posts}}{{#keep this "card" open=@root.form}}[{{title}}{{#if @root.form}}+{{/if}}{{@root.count}}]{{/keep}}{{/foreach}}',
    }))
    // A helper that counts how often the block really renders.
    const render = (data: Record<string, unknown>) => theme.render(['index'], { site, ...data, count: () => String(++renders) })
    const kept = Object.freeze({ title: 'Kept' })
    expect(render({ posts: [kept], form: { action: '/' } })).toBe('[Kept+1]')
    expect(render({ posts: [kept], form: { action: '/other' } })).toBe('[Kept+1]') // the form by presence: the same fragment
    expect(render({ posts: [kept], form: null })).toBe('[Kept2]') // no form: another fragment
    expect(render({ posts: [kept], form: null })).toBe('[Kept2]')
    // A new object (what an edit makes) renders anew; an object that is not frozen renders every time.
    expect(render({ posts: [Object.freeze({ title: 'Edited' })], form: null })).toBe('[Edited3]')
    const loose = { title: 'Loose' }
    expect(render({ posts: [loose], form: null })).toBe('[Loose4]')
    expect(render({ posts: [loose], form: null })).toBe('[Loose5]')
  })
})

