import { type HelperInstaller, optionsOf, valuesOf } from './types.js'

interface ImageView {
  url?: string
  sizes?: Record<string, { url: string } | undefined>
}

/**
 * `{{img_url feature_image size="medium"}}`: the URL of an image, or of one of its generated sizes;
 * `absolute="true"` (as in Ghost) makes a site-relative URL absolute.
 */
export const imgUrl: HelperInstaller = (hbs) => {
  hbs.registerHelper('img_url', function (...args: unknown[]) {
    const options = optionsOf(args)
    const [image] = valuesOf(args) as [ImageView | string | undefined]
    if (!image) return ''
    const size = typeof options.hash.size === 'string' ? options.hash.size : ''
    const url = typeof image === 'string' ? image : (image.sizes?.[size]?.url ?? image.url ?? '')
    const absolute = options.hash.absolute === true || options.hash.absolute === 'true'
    const siteUrl = (options.data.site as { url?: string } | undefined)?.url
    return absolute && siteUrl && url.startsWith('/') && !url.startsWith('//') ? siteUrl + url : url
  })
}
