import { useCallback, useState } from 'react'
import { ApiError, currentNonce, errorMessage, request, wp } from '../api'
import { type ListPage, pageOf } from '../ui/useListScreen'

/** A media item as the REST API answers it in the edit context (the fields the library shows). */
export interface LibraryItem {
  id: number
  date_gmt: string
  slug: string
  author: number
  title: { raw?: string; rendered: string }
  caption: { raw?: string; rendered: string }
  alt_text: string
  media_type: 'image' | 'file'
  mime_type: string
  source_url: string
  media_details: {
    width?: number
    height?: number
    file?: string
    filesize?: number
    sizes?: Record<string, { file: string; width: number; height: number; mime_type: string; source_url: string }>
  }
}

/** Where an item is shown, from `GET /admin/api/media/ID/usage`. */
export interface MediaUsage {
  uses: { id: number; type: string; title: string; status: string; featured: boolean; inContent: boolean }[]
  hidden: number
}

/** The type filter: WordPress's `media_type` values, named as its library names them. */
export const TYPE_FILTERS = [
  { value: '', label: 'All media items' },
  { value: 'image', label: 'Images' },
  { value: 'audio', label: 'Audio' },
  { value: 'video', label: 'Video' },
  { value: 'application', label: 'Documents' },
] as const

export const ACCEPTED_FILES = 'image/jpeg,image/png,image/gif,image/webp,image/avif,application/pdf,video/mp4,audio/mpeg'

/**
 * Uploads one file through the REST API with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * `onProgress` gets 0–1.
 */
export function uploadWithProgress(file: File, onProgress: (fraction: number) => void): Promise<LibraryItem> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest()
    xhr.open('POST', '/wp-json/wp/v2/media')
    xhr.setRequestHeader('accept', 'application/json')
    const nonce = currentNonce()
    if (nonce) xhr.setRequestHeader('x-wp-nonce', nonce)
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total)
    xhr.onload = () => {
      let body: { code?: string; message?: string } & Partial<LibraryItem> = {}
      try {
        body = JSON.parse(xhr.responseText) as typeof body
      } catch {
        body = {}
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress(1)
        resolve(body as LibraryItem)
      } else reject(new ApiError(body.message ?? `The server answered ${xhr.status}.`, body.code ?? 'http_error', xhr.status))
    }
    xhr.onerror = () => reject(new ApiError('The server could not be reached. Check your connection and try again.', 'network_error', 0))
    const form = new FormData()
    form.append('file', file, file.name)
    xhr.send(form)
  })
}

export function formatBytes(bytes: number | undefined): string {
  if (!bytes) return '—'
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

export const fileNameOf = (item: LibraryItem) => decodeURIComponent(item.source_url.split('/').pop() ?? '') || item.slug

/** The smallest size at least `min` pixels wide, for thumbnails. */
export function thumbnailOf(item: LibraryItem, min = 150): string | null {
  if (item.media_type !== 'image') return null
  const sizes = Object.values(item.media_details.sizes ?? {}).filter((s) => s.width >= min).sort((a, b) => a.width - b.width)
  return sizes[0]?.source_url ?? item.source_url
}

/** `YYYY-MM` as "November 2026". */
export const monthLabel = (month: string) => {
  const [y, m] = month.split('-').map(Number)
  return new Date(Date.UTC(y!, m! - 1, 15)).toLocaleDateString(undefined, { month: 'long', year: 'numeric', timeZone: 'UTC' })
}

/** The REST `after`/`before` bounds (site time, both exclusive) of a month. */
export function monthBounds(month: string): { after: string; before: string } {
  const [y, m] = month.split('-').map(Number)
  const pad = (n: number) => String(n).padStart(2, '0')
  const prev = m === 1 ? { y: y! - 1, m: 12 } : { y: y!, m: m! - 1 }
  const lastDay = new Date(Date.UTC(prev.y, prev.m, 0)).getUTCDate()
  const next = m === 12 ? { y: y! + 1, m: 1 } : { y: y!, m: m! + 1 }
  return { after: `${prev.y}-${pad(prev.m)}-${pad(lastDay)}T23:59:59`, before: `${next.y}-${pad(next.m)}-01T00:00:00` }
}

/** What a list of the library asks for: a type (`media_type`), a search, a month (`YYYY-MM`). */
export interface MediaFilter {
  type?: string
  search?: string
  month?: string
}

/** Page `page` of the library, newest first, in the edit context. */
export function fetchMedia(filter: MediaFilter, perPage: number, page: number, signal?: AbortSignal): Promise<ListPage<LibraryItem>> {
  const query = { context: 'edit', per_page: perPage, page, media_type: filter.type, search: filter.search, ...(filter.month ? monthBounds(filter.month) : {}) }
  return request<LibraryItem[]>(wp('/media', query), { signal }).then(pageOf)
}

/**
 * "Load more" under a list of the library: fetches the page after the last one loaded and hands over the items
 * not already shown. `restart` when the list loads its first page again.
 */
export function useLoadMore(fetchPage: (page: number) => Promise<ListPage<LibraryItem>>, append: (items: (shown: LibraryItem[]) => LibraryItem[]) => void, onError: (message: string) => void) {
  const [page, setPage] = useState(1)
  const [loading, setLoading] = useState(false)
  async function loadMore() {
    setLoading(true)
    try {
      const { items } = await fetchPage(page + 1)
      append((shown) => [...shown, ...items.filter((d) => !shown.some((i) => i.id === d.id))])
      setPage(page + 1)
    } catch (err) {
      onError(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }
  const restart = useCallback(() => setPage(1), [])
  return { loading, loadMore, restart }
}
