/**
 * Rewrites links and image sources that point at the old WordPress site. Only `href` and `src` attribute
 * values inside tags are considered (text, comments and other attributes are left alone); the value is
 * compared and handed to `to()` with its `&amp;`s decoded, and written back escaped.
 */
import { decodeAmpersands, escapeHtml, splitHtml } from './html.js'

export interface SiteUrlRewrite {
  /** Prefix of the URLs to rewrite, e.g. "https://old.example.com/". */
  readonly from: string
  /** The new URL, or undefined to leave this one as it is. */
  readonly to: (url: string) => string | undefined
}

const URL_ATTRIBUTE = /([\t\n\f\r ](?:href|src)[\t\n\f\r ]*=[\t\n\f\r ]*)(?:"([^"]*)"|'([^']*)'|([^\t\n\f\r "'=<>`]+))/gi

export function rewriteSiteUrls(html: string, { from, to }: SiteUrlRewrite): string {
  if (from === '') return html
  const parts = splitHtml(html)
  for (let i = 1; i < parts.length; i += 2) {
    const element = parts[i] ?? ''
    if (element.startsWith('<!')) continue // comments and CDATA have no attributes
    parts[i] = element.replace(
      URL_ATTRIBUTE,
      (all, lead: string, double?: string, single?: string, bare?: string) => {
        const url = decodeAmpersands(double ?? single ?? bare ?? '')
        const next = url.startsWith(from) ? to(url) : undefined
        if (typeof next !== 'string') return all
        return single === undefined ? `${lead}"${escapeHtml(next)}"` : `${lead}'${escapeHtml(next)}'`
      },
    )
  }
  return parts.join('')
}
