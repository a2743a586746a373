import { type HelperInstaller, optionsOf, valuesOf } from './types.js'

interface ImageView {
  url?: string
  sizes?: Record<string, { url: string } | undefined>
}

/** `{{img_url feature_image size="medium"}}`: the URL of an image, or of one of its generated sizes. */
export const imgUrl: HelperInstaller = (hbs) => {
  hbs.registerHelper('img_url', function (...args: unknown[]) {
    const options = optionsOf(args)
    const [image] = valuesOf(args) as [ImageView | string | undefined]
    if (!image) return ''
    if (typeof image === 'string') return image
    const size = typeof options.hash.size === 'string' ? options.hash.size : ''
    return image.sizes?.[size]?.url ?? image.url ?? ''
  })
}
