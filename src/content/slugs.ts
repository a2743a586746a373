import slugifyLib from '@sindresorhus/slugify'

export const MAX_SLUG_LENGTH = 200

/** Lower-case ASCII letters and digits in runs joined by single dashes: what slugify makes of such text is itself. */
const PLAIN_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * A URL slug from a title, as WordPress's sanitize_title does: accents folded (é → e, ö → o), apostrophes
 * dropped, other scripts transliterated where a standard exists (Привет → privet); scripts without one
 * (東京) keep their letters, which browsers show as typed.
 */
export function slugify(text: string): string {
  // Already a slug (as most imported and many typed ones are): nothing to fold or transliterate.
  if (text.length <= MAX_SLUG_LENGTH && PLAIN_SLUG.test(text)) return text
  const folded = text
    .normalize('NFKD')
    // Accents come off Latin, Greek and Cyrillic letters (é → e); other scripts' marks are part of their letters (ガ, नमस्ते).
    .replace(/([\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/['’‘`]/g, '')
  // Runs of letters the library cannot transliterate are kept as typed; the library would drop them.
  const parts: string[] = []
  let run = ''
  let runKept = false
  const flush = () => {
    const part = runKept ? run.toLowerCase() : slugifyLib(run, { decamelize: false })
    if (part) parts.push(part)
    run = ''
  }
  for (const char of folded) {
    const kept = hasNoTransliteration(char)
    if (run && kept !== runKept) flush()
    runKept = kept
    run += char
  }
  if (run) flush()
  return trimSlug(parts.join('-'))
}

const hasNoTransliteration = (char: string): boolean =>
  char > '\x7f' && /[\p{L}\p{N}\p{M}]/u.test(char) && !slugifyLib(char, { decamelize: false })

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
