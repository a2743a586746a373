import MarkdownIt from 'markdown-it'
import { invalid } from '../shared/errors.js'
import { sanitizePostHtml } from './html-policy.js'

export const CONTENT_FORMATS = ['html', 'markdown'] as const
export type ContentFormat = (typeof CONTENT_FORMATS)[number]

const markdown = new MarkdownIt({ html: true, linkify: true, typographer: false })

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
