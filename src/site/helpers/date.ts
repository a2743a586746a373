import { formatMomentDate, formatPhpDate } from '../format-date.js'
import { type HelperInstaller, optionsOf, valuesOf } from './types.js'

/**
 * `{{date}}` (the post's date in the site's date format), `{{date published_at format="D MMM YYYY"}}` (Ghost's
 * moment-style tokens), `{{date value php="F j, Y"}}` (PHP's tokens, as WordPress settings use).
 */
export const date: HelperInstaller = (hbs) => {
  hbs.registerHelper('date', function (this: Record<string, unknown>, ...args: unknown[]) {
    const options = optionsOf(args)
    const [value] = valuesOf(args)
    const site = (options.data.site ?? {}) as { timezone?: string; date_format?: string }
    const raw = value ?? this.date ?? this.published_at
    if (!raw) return ''
    const when = raw instanceof Date ? raw : new Date(String(raw))
    if (Number.isNaN(when.getTime())) return ''
    const timeZone = site.timezone ?? 'UTC'
    if (typeof options.hash.format === 'string') return formatMomentDate(when, options.hash.format, timeZone)
    return formatPhpDate(when, typeof options.hash.php === 'string' ? options.hash.php : (site.date_format ?? 'F j, Y'), timeZone)
  })
}
