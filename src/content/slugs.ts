import slugifyLib from '@sindresorhus/slugify'

export const MAX_SLUG_LENGTH = 200

/**
 * A URL slug from a title, as WordPress's sanitize_title does: accents folded (é → e, ö → o), apostrophes
 * dropped, other scripts transliterated where a standard exists (Привет → privet); scripts without one
 * (東京) keep their letters, which browsers show as typed.
 */
export function slugify(text: string): string {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/['’‘`]/g, '')
  let slug = slugifyLib(folded, { decamelize: false })
  if (!slug) {
    slug = folded
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
  }
  return trimSlug(slug)
}

function trimSlug(slug: string): string {
  if (slug.length <= MAX_SLUG_LENGTH) return slug
  const cut = slug.slice(0, MAX_SLUG_LENGTH)
  const dash = cut.lastIndexOf('-')
  return (dash > MAX_SLUG_LENGTH / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '')
}

/** A slug the user typed: kept as close to what they wrote as a URL allows. */
export function cleanSlug(input: string): string {
  return slugify(input)
}

/** The first of `base`, `base-2`, `base-3`, … that `taken` says is free. */
export async function uniqueSlug(base: string, taken: (slug: string) => Promise<boolean>): Promise<string> {
  if (!(await taken(base))) return base
  for (let n = 2; ; n++) {
    const suffix = `-${n}`
    const candidate = `${base.slice(0, MAX_SLUG_LENGTH - suffix.length)}${suffix}`
    if (!(await taken(candidate))) return candidate
  }
}
