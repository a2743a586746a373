import MarkdownIt from 'markdown-it'
import { invalid } from '../shared/errors.js'
import { sanitizePostHtml } from './html-policy.js'

export const CONTENT_FORMATS = ['html', 'markdown'] as const
export type ContentFormat = (typeof CONTENT_FORMATS)[number]

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false })

// An image alone in its paragraph with a title, `![alt](src "Caption")`, is a captioned figure, as the editor
// writes one: <figure class="wp-caption"><img alt><figcaption class="wp-caption-text">Caption</figcaption>.
markdown.core.ruler.push('captioned_figures', (state) => {
  const { tokens } = state
  for (let i = 1; i < tokens.length - 1; i++) {
    const [open, inline, close] = [tokens[i - 1]!, tokens[i]!, tokens[i + 1]!]
    const image = inline.type === 'inline' && inline.children?.length === 1 ? inline.children[0]! : undefined
    const caption = image?.type === 'image' ? image.attrGet('title') : null
    if (!caption || open.type !== 'paragraph_open' || open.hidden || close.type !== 'paragraph_close') continue
    open.tag = close.tag = 'figure'
    open.attrSet('class', 'wp-caption')
    image!.attrs = image!.attrs!.filter(([name]) => name !== 'title')
    image!.meta = { caption }
  }
})
// markdown-it writes quotes in text as &quot;, which typography cannot see: text keeps them as characters (only
// &, < and > need escaping there), so straight quotes become curly ones on the reader's page as in HTML posts.
markdown.renderer.rules.text = (tokens, idx) => tokens[idx]!.content.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

const renderImage = markdown.renderer.rules.image!
markdown.renderer.rules.image = (tokens, idx, options, env, self) => {
  const caption = (tokens[idx]!.meta as { caption?: string } | null)?.caption
  const img = renderImage(tokens, idx, options, env, self)
  return caption ? `${img}<figcaption class="wp-caption-text">${markdown.utils.escapeHtml(caption)}</figcaption>` : img
}

/** The HTML to store for a body written in `format`, sanitized for the writer's trust. */
export function renderContent(source: string, format: string, unfiltered: boolean): string {
  if (format === 'markdown') return sanitizePostHtml(markdown.render(source), unfiltered)
  if (format === 'html') return sanitizePostHtml(source, unfiltered)
  throw invalid('invalid_format', `Unknown content format "${format}": use html or markdown.`, { format })
}

/** Plain text of some HTML, for excerpts, counts and descriptions. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
}

/**
 * WordPress's automatic excerpt: the first 55 words of the text before `<!--more-->`, leaving out images with
 * their captions (WordPress strips `[caption]` shortcodes and keeps no image block in an excerpt); tables stay,
 * as WordPress keeps the table block.
 */
export function autoExcerpt(html: string, words = 55): string {
  const before = (html.split(/<!--\s*more/)[0] ?? html)
    .replace(/<figure\b(?![^>]*\bwp-block-table\b)[^>]*>[\s\S]*?<\/figure>/gi, ' ')
    .replace(/<figcaption\b[^>]*>[\s\S]*?<\/figcaption>/gi, ' ')
  const list = htmlToText(before).split(' ').filter(Boolean)
  return list.length > words ? `${list.slice(0, words).join(' ')}…` : list.join(' ')
}
