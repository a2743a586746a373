/**
 * An item of a REST response already written as JSON (UTF-8), with the value it was written from. A list of posts
 * is ~100 KB of JSON, mostly post bodies: made from kept items it is a copy of their bytes, where JSON.stringify and
 * encoding it again took most of the request's time. Anything that looks into a response (`_fields`, `_embed`)
 * reads `value`, which is frozen and shared between requests.
 */
export class JsonText {
  /** What `_embed` made of this item for anonymous readers, kept as long as the item is (see `EmbedsKeeper`). */
  readonly embeds?: EmbedsKeeper
  constructor(readonly value: unknown, readonly bytes: Buffer, embeds?: EmbedsKeeper) {
    if (embeds) this.embeds = embeds
  }
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
  keep(key: string, text: JsonText, since: number): void
}

export const jsonText = (value: unknown): JsonText => new JsonText(value, Buffer.from(JSON.stringify(value)))

/** The plain value of a response item, whether written already or not. */
export const plainValue = (item: unknown): unknown => (item instanceof JsonText ? item.value : item)

const OPEN = Buffer.from('[')
const COMMA = Buffer.from(',')
const CLOSE = Buffer.from(']')

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
