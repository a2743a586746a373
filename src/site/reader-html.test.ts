import { expect, test } from 'vitest'
import type { MediaRow } from '../db/index.js'
import { forReaders, uploadKeysIn } from './reader-html.js'

const photo = {
  id: 1, file: '2026/11/harbour.jpg', width: 2000, height: 1000, alt_text: 'The harbour at dawn', caption: 'The harbour',
  variants: JSON.stringify({ medium: { file: '2026/11/harbour-300x150.jpg', width: 300, height: 150, mime_type: 'image/jpeg' }, large: { file: '2026/11/harbour-1024x512.jpg', width: 1024, height: 512, mime_type: 'image/jpeg' } }),
} as unknown as MediaRow
const media = new Map([[photo.file, photo]])

test('library images gain srcset, sizes, dimensions, lazy loading and their alt text', () => {
  const html = '<figure class="wp-caption"><img src="/uploads/2026/11/harbour.jpg" alt=""><figcaption>It\'s "dawn"</figcaption></figure>'
  expect(uploadKeysIn(html, 'https://x.example')).toEqual(['2026/11/harbour.jpg'])
  const out = forReaders(html, media, 'https://x.example')
  expect(out).toBe(
    '<figure class="wp-caption"><img src="/uploads/2026/11/harbour.jpg" alt="The harbour at dawn" width="2000" height="1000" ' +
      'srcset="/uploads/2026/11/harbour-300x150.jpg 300w, /uploads/2026/11/harbour-1024x512.jpg 1024w, /uploads/2026/11/harbour.jpg 2000w" ' +
      'sizes="(max-width: 2000px) 100vw, 2000px" loading="lazy" decoding="async"><figcaption>It’s “dawn”</figcaption></figure>',
  )
})

test('images from elsewhere keep their attributes and get an empty alt rather than none', () => {
  expect(forReaders('<img src="https://cdn.example/a.png" title="it\'s">', media, 'https://x.example')).toBe(
    '<img src="https://cdn.example/a.png" title="it&#39;s" alt="" loading="lazy" decoding="async">',
  )
})

test('subheadings get unique anchors; existing ids are kept', () => {
  expect(forReaders('<h2>What next?</h2><h2>What next?</h2><h3 id="keep">Kept</h3>', media, '')).toBe(
    '<h2 id="what-next">What next?</h2><h2 id="what-next-2">What next?</h2><h3 id="keep">Kept</h3>',
  )
})

test('typography applies to text, never to code, pre or attributes', () => {
  const out = forReaders('<p>"Quote" -- it\'s...</p><pre>"raw" -- x</pre><p><code>a = "b"</code> <a href="/x" title="say &quot;hi&quot;">link</a></p>', media, '')
  expect(out).toBe('<p>“Quote” — it’s…</p><pre>"raw" -- x</pre><p><code>a = "b"</code> <a href="/x" title="say &quot;hi&quot;">link</a></p>')
})
