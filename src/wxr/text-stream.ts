import { TextDecoder } from 'node:util'

/**
 * Bytes of an XML file to text, checked as it streams: the encoding its declaration names (UTF-8 when it names
 * none), bytes that are not valid in that encoding, and characters XML 1.0 does not allow anywhere (control
 * characters, U+FFFE/U+FFFF, lone surrogates). sax accepts the last two silently; a WXR file carrying them is
 * damaged, and the importer must say exactly where.
 */

export class WxrSyntaxError extends Error {
  override name = 'WxrSyntaxError'
  constructor(
    readonly reason: string,
    readonly line: number,
    readonly column: number,
    /** The item being read when it went wrong, e.g. `item "Hello world" (post_id 1)`. */
    readonly context = '',
  ) {
    super(`${reason} at line ${line}, column ${column}${context ? `, in ${context}` : ''}`)
  }
}

/**
 * Bytes or characters that cannot be in the file, found before the XML parser saw them: `before` is the good
 * text of the chunk up to the fault, which the reader parses first to tell in which item the fault is.
 */
export class InvalidTextError extends WxrSyntaxError {
  constructor(reason: string, line: number, column: number, readonly before: string) {
    super(reason, line, column)
  }
}

/** 1-based line and column (in UTF-16 units, as sax counts) of what has been read so far. */
export interface Position {
  line: number
  column: number
}

const INVALID_XML_CHAR = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** Moves `pos` over `text`. */
export function advance(pos: Position, text: string, end = text.length): void {
  let last = -1
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) {
    pos.line++
    last = i
  }
  pos.column = last === -1 ? pos.column + end : end - last - 1
}

const describeChar = (char: string) => `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`

/**
 * Decodes chunks as they come and checks them; `decode` returns the text of a chunk (possibly '' while a
 * multi-byte character is split across chunks) or throws a WxrSyntaxError at the first bad byte or character.
 */
export function createTextDecoder() {
  let decoder: TextDecoder | null = null
  const pos: Position = { line: 1, column: 0 }

  function start(first: Buffer): TextDecoder {
    const head = first.subarray(0, 200).toString('latin1')
    const declared = /^(?:\uFEFF|\xEF\xBB\xBF)?<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head)?.[1]
    const label = declared ?? 'utf-8'
    try {
      return new TextDecoder(label, { fatal: true })
    } catch {
      throw new WxrSyntaxError(`Unknown character encoding "${label}" in the XML declaration`, 1, 1)
    }
  }

  let head: Buffer | null = Buffer.alloc(0)

  function decode(chunk: Buffer, final = false): string {
    // The encoding is named in the XML declaration: wait for enough of it to read it.
    if (head) {
      head = Buffer.concat([head, chunk])
      if (head.length < 200 && !final && !head.includes('?>')) return ''
      chunk = head
      head = null
    }
    decoder ??= start(chunk)
    const bytes = chunk
    let text: string
    try {
      text = decoder.decode(bytes, { stream: !final })
    } catch {
      throw badBytes(bytes)
    }
    const bad = INVALID_XML_CHAR.exec(text)
    if (bad) {
      advance(pos, text, bad.index)
      throw new InvalidTextError(`Invalid character ${describeChar(bad[0])} (not allowed in XML)`, pos.line, pos.column + 1, text.slice(0, bad.index))
    }
    advance(pos, text)
    return text
  }

  /** Finds the first byte the decoder refused, to say where it is. */
  function badBytes(bytes: Buffer): InvalidTextError {
    const lenient = new TextDecoder(decoder!.encoding)
    let lo = 0
    let hi = bytes.length
    // The longest prefix that decodes strictly; the bad byte follows it.
    while (lo < hi) {
      const mid = Math.ceil((lo + hi) / 2)
      try {
        new TextDecoder(decoder!.encoding, { fatal: true }).decode(bytes.subarray(0, mid), { stream: true })
        lo = mid
      } catch {
        hi = mid - 1
      }
    }
    const before = lenient.decode(bytes.subarray(0, lo), { stream: true })
    const at = { ...pos }
    advance(at, before)
    const byte = bytes[lo] ?? 0
    return new InvalidTextError(`Invalid ${decoder!.encoding.toUpperCase()} byte 0x${byte.toString(16).toUpperCase().padStart(2, '0')}`, at.line, at.column + 1, before)
  }

  return {
    decode,
    end: () => decode(Buffer.alloc(0), true),
    position: (): Position => ({ ...pos }),
  }
}
