/** A slug as the server makes one: lower case, accents dropped, words joined by hyphens. */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 200)
}

/** Where the post will live, from the site's permalink structure (WordPress's tags), for a live preview. */
export function permalinkPreview(
  structure: string,
  siteUrl: string,
  post: { id: number | null; slug: string; date: Date; category?: string; author?: string },
  timeZone: string,
): string {
  if (!structure) return `${siteUrl}/?p=${post.id ?? 'ID'}`
  let parts: Record<string, string>
  try {
    parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
        .formatToParts(post.date)
        .map((p) => [p.type, p.value]),
    )
  } catch {
    parts = { year: String(post.date.getUTCFullYear()), month: '01', day: '01', hour: '00', minute: '00', second: '00' }
  }
  const tags: Record<string, string> = {
    '%year%': parts.year ?? '',
    '%monthnum%': parts.month ?? '',
    '%day%': parts.day ?? '',
    '%hour%': parts.hour ?? '',
    '%minute%': parts.minute ?? '',
    '%second%': parts.second ?? '',
    '%postname%': post.slug || 'post',
    '%post_id%': String(post.id ?? 'ID'),
    '%category%': post.category || 'uncategorized',
    '%author%': post.author || 'author',
  }
  return siteUrl + structure.replace(/%[a-z_]+%/g, (tag) => tags[tag] ?? tag)
}
