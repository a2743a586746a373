/**
 * An item of a REST response already written as JSON (UTF-8), with the value it was written from. A list of posts
 * is ~100 KB of JSON, mostly post bodies: made from kept items it is a copy of their bytes, where JSON.stringify and
 * encoding it again took most of the request's time. Anything that looks into a response (`_fields`, `_embed`)
 * reads `value`, which is frozen and shared between requests.
 */
export class JsonText {
  /** What `_embed` made of this item for anonymous readers, kept as long as the item is (see `EmbedsKeeper`). */
  readonly embeds?: EmbedsKeeper
  /**
   * @param kept whether the item is kept between requests (the same object is sent again until what it shows
   *   changes), so what is made of its bytes may be kept with it
   */
  constructor(readonly value: unknown, readonly bytes: Buffer, { embeds, kept = false }: { embeds?: EmbedsKeeper; kept?: boolean } = {}) {
    if (embeds) this.embeds = embeds
    this.kept = kept
  }
  readonly kept: boolean
  /** `JSON.stringify` of a response holding it (an `_envelope`) writes the same JSON. */
  toJSON(): unknown {
    return this.value
  }
}

/** Where an item kept between requests keeps its embedded forms, by `_embed` value. */
export interface EmbedsKeeper {
  get(key: string): JsonText | undefined
  /** A token to hand back to `keep`: a change to what the embeds show in between makes `keep` a no-op. */
  since(): number
  /** Keeps `text` unless something changed since `since`; returns what to send (the kept item, or `text`). */
  keep(key: string, text: JsonText, since: number): JsonText
}

export const jsonText = (value: unknown): JsonText => new JsonText(value, Buffer.from(JSON.stringify(value)))

/** The plain value of a response item, whether written already or not. */
export const plainValue = (item: unknown): unknown => (item instanceof JsonText ? item.value : item)

const OPEN = Buffer.from('[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']')

const isWritten = (body: unknown): body is JsonText | JsonText[] =>
  body instanceof JsonText || (Array.isArray(body) && body.length > 0 && body.every((item) => item instanceof JsonText))

/** The length of `encodeJson(body)` when it is made of items already written (no copy made), else undefined. */
export function writtenLength(body: unknown): number | undefined {
  if (!isWritten(body)) return undefined
  if (body instanceof JsonText) return body.bytes.length
  let length = body.length + 1
  for (const item of body) length += item.bytes.length
  return length
}

/** A response body as the bytes JSON.stringify would give (as UTF-8): items already written are copied as they are. */
export function encodeJson(body: unknown): Buffer {
  if (body instanceof JsonText) return body.bytes
  if (Array.isArray(body) && body.length > 0 && body.every((item) => item instanceof JsonText)) {
    const parts: Buffer[] = [OPEN]
    for (const [i, item] of (body as JsonText[]).entries()) {
      if (i > 0) parts.push(COMMA)
      parts.push(item.bytes)
    }
    parts.push(CLOSE)
    return Buffer.concat(parts)
  }
  return Buffer.from(JSON.stringify(body))
}

/**
 * Compressed forms of response bodies made only of kept items, by which items they are: the same items in the same
 * order are the same bytes, so a list or a post asked for again is compressed once. Nothing to invalidate: an item
 * that changes is a new item. At most `maxBytes` (compressed), least recently used out first.
 */
export function createCompressedBodies(maxBytes: number) {
  const ids = new WeakMap<JsonText, number>()
  let lastId = 0
  const bodies = new Map<string, Buffer>()
  let bytes = 0
  const idOf = (text: JsonText) => {
    let id = ids.get(text)
    if (id === undefined) ids.set(text, (id = ++lastId))
    return id
  }
  function keyOf(body: unknown, coding: string): string | null {
    if (!isWritten(body)) return null
    const items = body instanceof JsonText ? [body] : body
    if (!items.every((item) => item.kept)) return null
    return `${coding}${body instanceof JsonText ? ':' : '['}${items.map(idOf).join(',')}`
  }
  function through(body: unknown, coding: string, compress: () => Buffer): Buffer {
    const key = keyOf(body, coding)
    if (key === null) return compress()
    const hit = bodies.get(key)
    if (hit) {
      bodies.delete(key)
      bodies.set(key, hit)
      return hit
    }
    const made = compress()
    if (made.length > maxBytes / 16) return made
    for (const [k, b] of bodies) {
      if (bytes + made.length <= maxBytes) break
      bodies.delete(k)
      bytes -= b.length
    }
    // Its own memory: a small buffer is a slice of Node's shared pool, and would keep the whole slab.
    const own = Buffer.allocUnsafeSlow(made.length)
    made.copy(own)
    bodies.set(key, own)
    bytes += own.length
    return own
  }
  return { through }
}

export type CompressedBodies = ReturnType<typeof createCompressedBodies>
