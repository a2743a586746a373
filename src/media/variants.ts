import path from 'node:path'

/** WordPress's default image sizes: a square thumbnail, then sizes that fit inside a box. */
export const IMAGE_SIZES = [
  { name: 'thumbnail', width: 150, height: 150, crop: true },
  { name: 'medium', width: 300, height: 300, crop: false },
  { name: 'medium_large', width: 768, height: 0, crop: false },
  { name: 'large', width: 1024, height: 1024, crop: false },
  { name: '1536x1536', width: 1536, height: 1536, crop: false },
  { name: '2048x2048', width: 2048, height: 2048, crop: false },
] as const

export interface Variant {
  file: string
  width: number
  height: number
  mime_type: string
}

export type Variants = Record<string, Variant>

const RESIZABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/avif'])

/**
 * The smaller copies of an image that pages offer through `srcset`, each made only when the original is larger,
 * named as WordPress names them (`photo-300x169.jpg`).
 */
export async function makeVariants(
  data: Buffer,
  key: string,
  mime: string,
  original: { width: number; height: number },
  put: (key: string, data: Buffer) => Promise<void>,
): Promise<Variants> {
  if (!RESIZABLE.has(mime)) return {}
  const { default: sharp } = await import('sharp')
  const out: Variants = {}
  const { dir, name, ext } = path.posix.parse(key)
  for (const size of IMAGE_SIZES) {
    const fits = original.width <= size.width && (size.height === 0 || original.height <= size.height)
    if (fits && !(size.crop && (original.width > size.width || original.height > size.height))) continue
    if (size.crop && (original.width < size.width || original.height < size.height)) continue
    const pipeline = sharp(data).rotate().resize({
      width: size.width,
      height: size.height || undefined,
      fit: size.crop ? 'cover' : 'inside',
      withoutEnlargement: true,
    })
    const { data: resized, info } = await pipeline.toBuffer({ resolveWithObject: true })
    const file = `${dir}/${name}-${info.width}x${info.height}${ext}`
    await put(file, resized)
    out[size.name] = { file, width: info.width, height: info.height, mime_type: mime }
  }
  return out
}
