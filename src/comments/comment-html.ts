import MarkdownIt from 'markdown-it'
import sanitizeHtml from 'sanitize-html'
import { texturize } from '../content/texturize.js'

/** The small allowlist of comment HTML: WordPress's comment tags minus anything that can act or style. */
export const COMMENT_TAGS = ['a', 'em', 'strong', 'code', 'blockquote', 'q', 'del', 'ul', 'ol', 'li', 'p', 'br'] as const

const LINK_REL = 'nofollow ugc'

const POLICY: sanitizeHtml.IOptions = {
  allowedTags: [...COMMENT_TAGS],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Their text would be code or markup, not words: dropped with the element.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'template', 'iframe', 'object', 'svg', 'math', 'xmp', 'noembed', 'noframes'],
  transformTags: {
    b: 'strong',
    i: 'em',
    s: 'del',
    strike: 'del',
    // Every link a commenter leaves is theirs, not the site's: search engines are told so.
    a: (_tag, attribs) => ({ tagName: 'a', attribs: attribs.href ? { href: attribs.href.trim(), rel: LINK_REL } : ({} as Record<string, string>) }),
  },
}

/**
 * Bare addresses in text become links, as WordPress's make_clickable does: those with a scheme and those starting
 * `www.`, not every word that ends like a domain ("node.js"), and never an email address.
 */
const linkify = new MarkdownIt().linkify.set({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false })
const isClickable = (m: { schema: string; text: string; url: string }) => /^https?:\/\//i.test(m.url) && (m.schema !== '' || /^www\./i.test(m.text))

/**
 * A comment as it is stored: the commenter's HTML reduced to the allowlist, links marked `nofollow ugc`
 * (what WordPress keeps as `comment_content`).
 */
export function sanitizeComment(text: string): string {
  return sanitizeHtml(text.replace(/\r\n?/g, '\n').replace(/\u0000/g, ''), POLICY).trim()
}

/**
 * A stored comment as readers see it, made once at save: bare URLs linked and paragraphs from blank lines, then
 * checked against the allowlist again. Typography is applied at render (`renderCommentHtml`).
 */
export function commentToHtml(stored: string): string {
  return sanitizeHtml(paragraphs(parse(linkifyText(stored))), POLICY)
}

/** The body of a comment on a page: typographic quotes and dashes, as everywhere on the site. */
export function renderCommentHtml(html: string): string {
  return texturize(html)
}

/** The words of a comment, without markup: what the spam and moderation rules read. */
export function commentText(html: string): string {
  return decode(html.replace(/<br\s*\/?>\n?/g, '\n').replace(/<\/(p|li|blockquote)>/g, '\n').replace(/<[^>]*>/g, '')).trim()
}

/** How many links readers would see in the comment. */
export const countLinks = (html: string): number => (html.match(/<a\s[^>]*href=/g) ?? []).length

const TAG = /<(\/?)([a-z]+)\b[^>]*>/g

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'", '&nbsp;': '\u00a0' }
const decode = (text: string) => text.replace(/&(amp|lt|gt|quot|nbsp|#39|#x27);/g, (e) => ENTITIES[e] ?? e)
const escapeText = (text: string) => text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'))
const escapeAttr = (text: string) => escapeText(text).replace(/"/g, '&quot;')

/** Links bare URLs in text that is not already a link or code. The input is sanitized, so its tags are well formed. */
function linkifyText(html: string): string {
  let inert = 0
  let out = ''
  let last = 0
  for (const m of html.matchAll(TAG)) {
    out += linkifySegment(html.slice(last, m.index), inert > 0)
    out += m[0]
    last = m.index + m[0].length
    if (m[2] === 'a' || m[2] === 'code') inert += m[1] ? -1 : 1
  }
  return out + linkifySegment(html.slice(last), inert > 0)
}

function linkifySegment(escaped: string, inert: boolean): string {
  if (inert || !escaped || !linkify.test(decode(escaped))) return escaped
  const text = decode(escaped)
  const matches = linkify.match(text)
  if (!matches) return escaped
  let out = ''
  let at = 0
  for (const m of matches) {
    out += escapeText(text.slice(at, m.index))
    out += isClickable(m) ? `<a href="${escapeAttr(m.url)}" rel="${LINK_REL}">${escapeText(m.text)}</a>` : escapeText(m.text)
    at = m.lastIndex
  }
  return out + escapeText(text.slice(at))
}

type Node = { text: string } | { tag: string; open: string; children: Node[] }

const BLOCKS = new Set(['p', 'blockquote', 'ul', 'ol', 'li'])

/** A tree of sanitized HTML: only allowlisted, balanced tags remain (a stray closing tag is ignored). */
function parse(html: string): Node[] {
  const root: Node[] = []
  const stack: { tag: string; children: Node[] }[] = [{ tag: '', children: root }]
  let last = 0
  for (const m of html.matchAll(TAG)) {
    if (m.index > last) stack.at(-1)!.children.push({ text: html.slice(last, m.index) })
    last = m.index + m[0].length
    const [, closing, tag] = m as unknown as [string, string, string]
    if (tag === 'br') stack.at(-1)!.children.push({ tag, open: '<br>', children: [] })
    else if (!closing) {
      const node = { tag, open: m[0], children: [] as Node[] }
      stack.at(-1)!.children.push(node)
      stack.push(node)
    } else if (stack.length > 1 && stack.some((s) => s.tag === tag)) {
      while (stack.length > 1 && stack.pop()!.tag !== tag);
    }
  }
  if (last < html.length) stack.at(-1)!.children.push({ text: html.slice(last) })
  return root
}

const isBlock = (n: Node) => 'tag' in n && BLOCKS.has(n.tag)

/** Blank lines make paragraphs and single line breaks `<br>`, as WordPress's wpautop does for comments. */
function paragraphs(nodes: Node[]): string {
  const out: string[] = []
  let run: Node[] = []
  const flush = () => {
    out.push(...inlineParagraphs(run))
    run = []
  }
  for (const node of nodes) {
    if (!isBlock(node)) {
      run.push(node)
      continue
    }
    flush()
    const el = node as Extract<Node, { tag: string }>
    if (el.tag === 'p') out.push(...inlineParagraphs(el.children))
    else if (el.tag === 'blockquote') out.push(`<blockquote>${paragraphs(el.children)}</blockquote>`)
    else out.push(listHtml(el))
  }
  flush()
  return out.join('\n')
}

function listHtml(el: Extract<Node, { tag: string }>): string {
  if (el.tag === 'li') {
    const hasBlocks = el.children.some(isBlock)
    return `<li>${hasBlocks ? paragraphs(el.children) : serialize(el.children, true).trim()}</li>`
  }
  const items = el.children.filter((c) => !('text' in c && !c.text.trim()))
  return `<${el.tag}>${items.map((c) => ('tag' in c && c.tag === 'li' ? listHtml(c) : `<li>${serialize([c], true).trim()}</li>`)).join('')}</${el.tag}>`
}

/** Inline content split into paragraphs at blank lines in its top-level text. */
function inlineParagraphs(nodes: Node[]): string[] {
  const paras: Node[][] = [[]]
  for (const node of nodes) {
    if (!('text' in node)) {
      paras.at(-1)!.push(node)
      continue
    }
    const parts = node.text.split(/\n[ \t\u00a0]*\n\s*/)
    parts.forEach((part, i) => {
      if (i > 0) paras.push([])
      if (part) paras.at(-1)!.push({ text: part })
    })
  }
  return paras.map((p) => serialize(p, true).trim()).filter((p) => p && p !== '<br>').map((p) => `<p>${p.replace(/^(<br>\s*)+|(\s*<br>)+$/g, '')}</p>`)
}

function serialize(nodes: Node[], breaks: boolean): string {
  return nodes
    .map((n) => {
      if ('text' in n) return breaks ? n.text.replace(/[ \t]*\n[ \t]*/g, '<br>\n') : n.text
      if (n.tag === 'br') return '<br>'
      if (BLOCKS.has(n.tag)) return paragraphs([n])
      return `${n.open}${serialize(n.children, breaks)}</${n.tag}>`
    })
    .join('')
}
