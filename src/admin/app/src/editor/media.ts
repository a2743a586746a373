import { request } from '../api'

export interface WpMedia {
  id: number
  source_url: string
  alt_text: string
  mime_type: string
  media_details?: { width?: number; height?: number; sizes?: Record<string, { source_url: string; width: number; height: number }> }
}

export const ACCEPTED_IMAGES = 'image/jpeg,image/png,image/gif,image/webp,image/avif'

/** Uploads one file to the media library through the REST API. */
export async function uploadMedia(file: File, fields: { alt_text?: string; caption?: string; post?: number } = {}): Promise<WpMedia> {
  const form = new FormData()
  form.append('file', file, file.name)
  for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') form.append(k, String(v))
  return (await request<WpMedia>('/wp-json/wp/v2/media', { method: 'POST', body: form })).data
}

/** The smallest size at least `min` pixels wide, for thumbnails. */
export function sizedUrl(media: WpMedia, min = 300): string {
  const sizes = Object.values(media.media_details?.sizes ?? {}).filter((s) => s.width >= min).sort((a, b) => a.width - b.width)
  return sizes[0]?.source_url ?? media.source_url
}
