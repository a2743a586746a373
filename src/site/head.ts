import { escapeHtml } from '../shared/html.js'
import type { PostView } from './views.js'

export interface HeadInput {
  siteTitle: string
  siteUrl: string
  lang: string
  title: string
  description: string
  canonical: string
  prev?: string | null
  next?: string | null
  post?: PostView
  breadcrumbs?: { name: string; url: string }[]
  feeds: { title: string; url: string; type: string }[]
  noindex?: boolean
}

const meta = (attr: 'name' | 'property', key: string, value: string | null | undefined) =>
  value ? `<meta ${attr}="${key}" content="${escapeHtml(value)}">` : ''

/** JSON inside <script>: `</` and U+2028/9 escaped so no content can end the script early. */
const safeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

const absolute = (siteUrl: string, url: string) => (url.startsWith('/') ? siteUrl + url : url)

/** The SEO part of <head>: description, canonical, OpenGraph, Twitter card, JSON-LD, feeds, prev/next. */
export function headHtml(input: HeadInput): string {
  const { post } = input
  const image = post?.feature_image ? absolute(input.siteUrl, post.feature_image.url) : null
  const lines = [
    meta('name', 'description', input.description),
    `<link rel="canonical" href="${escapeHtml(input.canonical)}">`,
    input.noindex ? '<meta name="robots" content="noindex, follow">' : '',
    input.prev ? `<link rel="prev" href="${escapeHtml(input.prev)}">` : '',
    input.next ? `<link rel="next" href="${escapeHtml(input.next)}">` : '',
    meta('property', 'og:site_name', input.siteTitle),
    meta('property', 'og:type', post && post.type === 'post' ? 'article' : 'website'),
    meta('property', 'og:title', input.title),
    meta('property', 'og:description', input.description),
    meta('property', 'og:url', input.canonical),
    meta('property', 'og:locale', input.lang.replace('-', '_')),
    meta('property', 'og:image', image),
    meta('property', 'og:image:alt', post?.feature_image?.alt),
    post?.date && post.type === 'post' ? meta('property', 'article:published_time', post.date) : '',
    post && post.type === 'post' ? meta('property', 'article:modified_time', post.modified) : '',
    ...(post?.categories ?? []).map((c) => meta('property', 'article:section', c.name)),
    ...(post?.tags ?? []).map((t) => meta('property', 'article:tag', t.name)),
    meta('name', 'twitter:card', image ? 'summary_large_image' : 'summary'),
    meta('name', 'twitter:title', input.title),
    meta('name', 'twitter:description', input.description),
    meta('name', 'twitter:image', image),
    ...input.feeds.map((f) => `<link rel="alternate" type="${f.type}" title="${escapeHtml(f.title)}" href="${escapeHtml(f.url)}">`),
    `<link rel="https://api.w.org/" href="${escapeHtml(input.siteUrl)}/wp-json/">`,
  ]
  const graph: unknown[] = []
  if (post && post.type === 'post') {
    graph.push({
      '@type': 'NewsArticle',
      headline: post.title.slice(0, 110),
      description: input.description,
      url: post.url,
      mainEntityOfPage: post.url,
      datePublished: post.date,
      dateModified: post.modified,
      author: post.author ? [{ '@type': 'Person', name: post.author.name, url: post.author.url }] : undefined,
      publisher: { '@type': 'Organization', name: input.siteTitle, url: input.siteUrl },
      image: image ? [image] : undefined,
      articleSection: post.categories.map((c) => c.name),
      keywords: post.tags.map((t) => t.name).join(', ') || undefined,
    })
  } else {
    graph.push({ '@type': 'WebSite', name: input.siteTitle, url: `${input.siteUrl}/`, potentialAction: { '@type': 'SearchAction', target: `${input.siteUrl}/?s={search_term_string}`, 'query-input': 'required name=search_term_string' } })
  }
  if (input.breadcrumbs?.length) {
    graph.push({
      '@type': 'BreadcrumbList',
      itemListElement: input.breadcrumbs.map((b, i) => ({ '@type': 'ListItem', position: i + 1, name: b.name, item: b.url })),
    })
  }
  lines.push(`<script type="application/ld+json">${safeJson({ '@context': 'https://schema.org', '@graph': graph })}</script>`)
  return lines.filter(Boolean).join('\n')
}
