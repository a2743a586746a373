import sanitizeHtml from 'sanitize-html'

const GLOBAL_ATTRIBUTES = ['class', 'id', 'title', 'lang', 'dir', 'aria-*', 'role', 'data-*']

/** What an author without `unfiltered_html` may publish: WordPress's allowed post tags, minus anything active. */
const POST_POLICY: sanitizeHtml.IOptions = {
  allowedTags: [
    'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var',
    'em', 'strong', 'b', 'i', 'u', 's', 'del', 'ins', 'mark', 'small', 'sub', 'sup', 'abbr', 'cite', 'q', 'dfn', 'time',
    'span', 'div', 'section', 'aside', 'details', 'summary',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'a', 'img', 'figure', 'figcaption', 'picture', 'source', 'video', 'audio', 'track',
    'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  ],
  allowedAttributes: {
    '*': GLOBAL_ATTRIBUTES,
    a: ['href', 'name', 'target', 'rel', 'hreflang'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading', 'decoding'],
    source: ['src', 'srcset', 'sizes', 'type', 'media'],
    video: ['src', 'poster', 'controls', 'width', 'height', 'preload', 'loop', 'muted', 'playsinline'],
    audio: ['src', 'controls', 'preload', 'loop'],
    track: ['src', 'kind', 'srclang', 'label', 'default'],
    time: ['datetime'],
    ol: ['start', 'reversed', 'type'],
    li: ['value'],
    th: ['colspan', 'rowspan', 'scope', 'headers'],
    td: ['colspan', 'rowspan', 'headers'],
    col: ['span'],
    colgroup: ['span'],
    q: ['cite'],
    blockquote: ['cite'],
    del: ['datetime', 'cite'],
    ins: ['datetime', 'cite'],
    details: ['open'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href', 'src', 'cite', 'poster'],
  allowProtocolRelative: true,
  // Comments carry `<!--more-->` and `<!--nextpage-->`, which the site needs.
  allowVulnerableTags: false,
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs.src,
  transformTags: {
    a: (tagName, attribs) => {
      if (attribs.target === '_blank') {
        const rel = new Set((attribs.rel ?? '').split(/\s+/).filter(Boolean))
        rel.add('noopener')
        return { tagName, attribs: { ...attribs, rel: [...rel].join(' ') } }
      }
      return { tagName, attribs }
    },
  },
}

const MORE = /<!--\s*(more|nextpage)(\s[^>]*)?-->/g

/**
 * Post HTML as it may be stored: kept whole for those trusted with `unfiltered_html` (editors and administrators,
 * who may embed scripts and iframes as in WordPress), otherwise reduced to the allowlist above.
 */
export function sanitizePostHtml(html: string, unfiltered: boolean): string {
  if (unfiltered) return html
  // sanitize-html drops comments: keep the two WordPress markers by passing them through as placeholders.
  const markers: string[] = []
  const marked = html.replace(MORE, (m) => `\u0000${markers.push(m) - 1}\u0000`)
  const clean = sanitizeHtml(marked, POST_POLICY)
  return clean.replace(/\u0000(\d+)\u0000/g, (_, i: string) => markers[Number(i)] ?? '')
}
