/** The type of a file from its first bytes, never from its name or the client's word. */
export interface Sniffed {
  mime: string
  ext: string
  image: boolean
}

const ascii = (buf: Buffer, start: number, text: string) => buf.subarray(start, start + text.length).toString('latin1') === text

export function sniffType(buf: Buffer): Sniffed | null {
  if (buf.length < 12) return null
  if (buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg', image: true }
  if (ascii(buf, 0, '\x89PNG\r\n\x1a\n')) return { mime: 'image/png', ext: 'png', image: true }
  if (ascii(buf, 0, 'GIF87a') || ascii(buf, 0, 'GIF89a')) return { mime: 'image/gif', ext: 'gif', image: true }
  if (ascii(buf, 0, 'RIFF') && ascii(buf, 8, 'WEBP')) return { mime: 'image/webp', ext: 'webp', image: true }
  if (ascii(buf, 4, 'ftypavif') || ascii(buf, 4, 'ftypavis')) return { mime: 'image/avif', ext: 'avif', image: true }
  if (ascii(buf, 0, '%PDF-')) return { mime: 'application/pdf', ext: 'pdf', image: false }
  if (ascii(buf, 4, 'ftyp')) return { mime: 'video/mp4', ext: 'mp4', image: false }
  if (ascii(buf, 0, 'ID3') || (buf[0] === 0xff && (buf[1]! & 0xe0) === 0xe0)) return { mime: 'audio/mpeg', ext: 'mp3', image: false }
  return null
}
