/**
 * A streaming WXR reader: bytes in, records out (the channel's header, then authors, terms and items in file
 * order), one item in memory at a time. It reads WXR 1.0, 1.1 and 1.2 by namespace, not by prefix: an element
 * counts as WordPress's only when its namespace is `http(s)://wordpress.org/export/1.x/`, so a redefined or
 * hijacked `wp:` prefix is ignored, as are elements of namespaces it does not know.
 *
 * Malformed XML stops the reading with a WxrSyntaxError that says where (line, column) and in which item.
 */
import sax from 'sax'
import { advance, createTextDecoder, InvalidTextError, type Position, WxrSyntaxError } from './text-stream.js'
import {
  describeItem, type WxrAuthor, type WxrChannel, type WxrComment, type WxrItem, type WxrMeta, type WxrRecord, type WxrTerm,
} from './types.js'

type Ns = 'rss' | 'wp' | 'excerpt' | 'content' | 'dc' | 'other'

function namespaceOf(uri: string): Ns {
  if (uri === '') return 'rss'
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/$/.test(uri)) return 'wp'
  if (/^https?:\/\/wordpress\.org\/export\/\d+\.\d+\/excerpt\/$/.test(uri)) return 'excerpt'
  if (uri === 'http://purl.org/rss/1.0/modules/content/') return 'content'
  if (uri === 'http://purl.org/dc/elements/1.1/') return 'dc'
  return 'other'
}

/** Fields whose text is kept as written (CDATA and all); every other field is trimmed. */
const VERBATIM = new Set(['content:encoded', 'excerpt:encoded', 'wp:meta_value', 'wp:comment_content'])

type Target =
  | { kind: 'channel' }
  | { kind: 'author'; author: WxrAuthor }
  | { kind: 'term'; term: WxrTerm }
  | { kind: 'item'; item: WxrItem }
  | { kind: 'comment'; comment: WxrComment }
  | { kind: 'meta'; meta: WxrMeta }

interface Frame {
  key: string
  /** Text is gathered only for fields of a target: pieces of text and CDATA, `kinds` saying which is CDATA. */
  text: string[] | null
  kinds: boolean[]
  cdata: boolean
  /** A new target opened by this element (closed with it). */
  opens?: Target
}

const emptyChannel = (): WxrChannel => ({ title: '', link: '', description: '', language: '', version: '', baseSiteUrl: '', baseBlogUrl: '', generator: '' })
const emptyTerm = (taxonomy: string): WxrTerm => ({ id: '', taxonomy, slug: '', name: '', parent: '', description: '', meta: [] })
const emptyItem = (line: number): WxrItem => ({
  title: '', link: '', pubDate: '', creator: '', guid: '', description: '', content: '', excerpt: '', id: '', date: '', dateGmt: '',
  modified: '', modifiedGmt: '', commentStatus: '', pingStatus: '', name: '', status: '', parent: '', menuOrder: '', type: '',
  password: '', sticky: '', attachmentUrl: '', terms: [], meta: [], comments: [], line,
})
const emptyComment = (): WxrComment => ({
  id: '', author: '', authorEmail: '', authorUrl: '', authorIp: '', date: '', dateGmt: '', content: '', approved: '', type: '', parent: '', userId: '', meta: [],
})

const CHANNEL_FIELDS: Record<string, keyof WxrChannel> = {
  'rss:title': 'title', 'rss:link': 'link', 'rss:description': 'description', 'rss:language': 'language',
  'wp:wxr_version': 'version', 'wp:base_site_url': 'baseSiteUrl', 'wp:base_blog_url': 'baseBlogUrl', 'rss:generator': 'generator',
}
const AUTHOR_FIELDS: Record<string, keyof WxrAuthor> = {
  'wp:author_id': 'id', 'wp:author_login': 'login', 'wp:author_email': 'email', 'wp:author_display_name': 'displayName',
  'wp:author_first_name': 'firstName', 'wp:author_last_name': 'lastName',
}
const TERM_FIELDS: Record<string, keyof Omit<WxrTerm, 'meta'>> = {
  'wp:term_id': 'id', 'wp:category_nicename': 'slug', 'wp:category_parent': 'parent', 'wp:cat_name': 'name',
  'wp:category_description': 'description', 'wp:tag_slug': 'slug', 'wp:tag_name': 'name', 'wp:tag_description': 'description',
  'wp:term_taxonomy': 'taxonomy', 'wp:term_slug': 'slug', 'wp:term_parent': 'parent', 'wp:term_name': 'name', 'wp:term_description': 'description',
}
const ITEM_FIELDS: Record<string, keyof WxrItem> = {
  'rss:title': 'title', 'rss:link': 'link', 'rss:pubDate': 'pubDate', 'rss:guid': 'guid', 'rss:description': 'description',
  'dc:creator': 'creator', 'content:encoded': 'content', 'excerpt:encoded': 'excerpt', 'wp:post_id': 'id', 'wp:post_date': 'date',
  'wp:post_date_gmt': 'dateGmt', 'wp:post_modified': 'modified', 'wp:post_modified_gmt': 'modifiedGmt', 'wp:comment_status': 'commentStatus',
  'wp:ping_status': 'pingStatus', 'wp:post_name': 'name', 'wp:status': 'status', 'wp:post_parent': 'parent', 'wp:menu_order': 'menuOrder',
  'wp:post_type': 'type', 'wp:post_password': 'password', 'wp:is_sticky': 'sticky', 'wp:attachment_url': 'attachmentUrl',
}
const COMMENT_FIELDS: Record<string, keyof Omit<WxrComment, 'meta'>> = {
  'wp:comment_id': 'id', 'wp:comment_author': 'author', 'wp:comment_author_email': 'authorEmail', 'wp:comment_author_url': 'authorUrl',
  'wp:comment_author_IP': 'authorIp', 'wp:comment_date': 'date', 'wp:comment_date_gmt': 'dateGmt', 'wp:comment_content': 'content',
  'wp:comment_approved': 'approved', 'wp:comment_type': 'type', 'wp:comment_parent': 'parent', 'wp:comment_user_id': 'userId',
}
const META_FIELDS: Record<string, keyof WxrMeta> = { 'wp:meta_key': 'key', 'wp:meta_value': 'value' }

export const NOT_WXR = 'This does not appear to be a WXR file, missing/invalid WXR version number'

export interface ReadWxrOptions {
  /** Stop at the first error (always) — and also check the WXR version (default true). */
  requireVersion?: boolean
}

/** Reads a WXR document from chunks of bytes (a file stream), yielding records as they complete. */
export async function* readWxr(source: AsyncIterable<Buffer | string>, { requireVersion = true }: ReadWxrOptions = {}): AsyncGenerator<WxrRecord> {
  const decoder = createTextDecoder()
  const parser = sax.parser(true, { xmlns: true, position: true })
  const out: WxrRecord[] = []
  const stack: Frame[] = []
  const targets: Target[] = []
  let channel: WxrChannel | null = null
  let channelSent = false
  let sawRss = false
  let ignoreDepth = 0
  let textStart: Position = { line: 1, column: 0 }
  let currentItem: WxrItem | null = null

  const here = (): Position => ({ line: parser.line + 1, column: parser.column })
  const fail = (reason: string, at: Position = here()): never => {
    throw new WxrSyntaxError(reason, at.line, at.column, currentItem ? describeItem(currentItem) : '')
  }
  const markupEnd = () => {
    textStart = { line: parser.line + 1, column: parser.column }
  }

  function sendChannel(): void {
    if (channelSent) return
    channelSent = true
    const header = channel ?? emptyChannel()
    if (requireVersion && !/^\d+\.\d+$/.test(header.version)) fail(NOT_WXR)
    out.push({ kind: 'channel', channel: header })
  }

  parser.onerror = (err) => {
    fail(err.message.split('\n')[0] ?? 'Malformed XML', { line: parser.line + 1, column: Math.max(parser.column, 1) })
  }

  parser.onopentag = (node) => {
    const tag = node as sax.QualifiedTag
    if (ignoreDepth) {
      ignoreDepth++
      return
    }
    const ns = namespaceOf(tag.uri)
    const key = `${ns}:${tag.local}`
    const depth = stack.length
    const target = targets[targets.length - 1]
    const frame: Frame = { key, text: null, kinds: [], cdata: false }
    if (depth === 0) {
      if (key !== 'rss:rss') fail(`The root element is <${tag.name}>, not <rss>: ${NOT_WXR}`)
      sawRss = true
    } else if (depth === 1) {
      if (key === 'rss:channel') {
        channel ??= emptyChannel()
        frame.opens = { kind: 'channel' }
      } else {
        ignoreDepth = 1
        return
      }
    } else if (ns === 'other') {
      ignoreDepth = 1
      return
    } else if (target?.kind === 'channel' && depth === 2) {
      if (key === 'wp:author') frame.opens = { kind: 'author', author: { id: '', login: '', email: '', displayName: '', firstName: '', lastName: '' } }
      else if (key === 'wp:category') frame.opens = { kind: 'term', term: emptyTerm('category') }
      else if (key === 'wp:tag') frame.opens = { kind: 'term', term: emptyTerm('post_tag') }
      else if (key === 'wp:term') frame.opens = { kind: 'term', term: emptyTerm('') }
      else if (key === 'rss:item') {
        currentItem = emptyItem(parser.line + 1)
        frame.opens = { kind: 'item', item: currentItem }
      } else if (CHANNEL_FIELDS[key]) frame.text = []
      if (frame.opens && frame.opens.kind !== 'channel') sendChannel()
    } else if (target?.kind === 'item' && depth === 3) {
      if (key === 'wp:postmeta') frame.opens = { kind: 'meta', meta: { key: '', value: '' } }
      else if (key === 'wp:comment') frame.opens = { kind: 'comment', comment: emptyComment() }
      else if (key === 'rss:category') {
        // As WordPress's parsers: only categories with a nicename count (WXR 1.0 repeats each without one).
        const attr = (name: string) => (tag.attributes[name] as sax.QualifiedAttribute | undefined)?.value
        const slug = attr('nicename')
        if (slug !== undefined) {
          target.item.terms.push({ domain: attr('domain') ?? '', slug, name: '' })
          frame.text = []
        }
      } else if (ITEM_FIELDS[key] || key === 'wp:author') frame.text = []
    } else if (target?.kind === 'comment' && key === 'wp:commentmeta') {
      frame.opens = { kind: 'meta', meta: { key: '', value: '' } }
    } else if (target?.kind === 'term' && key === 'wp:termmeta') {
      frame.opens = { kind: 'meta', meta: { key: '', value: '' } }
    } else if (target && target.kind !== 'channel' && target.kind !== 'item') {
      frame.text = []
    }
    if (frame.opens) targets.push(frame.opens)
    stack.push(frame)
  }

  parser.onclosetag = () => {
    markupEnd()
    if (ignoreDepth) {
      ignoreDepth--
      return
    }
    const frame = stack.pop()!
    if (frame.opens) {
      targets.pop()
      closeTarget(frame.opens)
      return
    }
    if (frame.text) assign(frame, targets[targets.length - 1])
  }

  function closeTarget(target: Target): void {
    const parent = targets[targets.length - 1]
    if (target.kind === 'author') out.push({ kind: 'author', author: target.author })
    else if (target.kind === 'term') out.push({ kind: 'term', term: target.term })
    else if (target.kind === 'item') {
      out.push({ kind: 'item', item: target.item })
      currentItem = null
    } else if (target.kind === 'comment' && parent?.kind === 'item') parent.item.comments.push(target.comment)
    else if (target.kind === 'meta') {
      if (parent?.kind === 'item') parent.item.meta.push(target.meta)
      else if (parent?.kind === 'comment') parent.comment.meta.push(target.meta)
      else if (parent?.kind === 'term') parent.term.meta.push(target.meta)
    }
  }

  function assign(frame: Frame, target: Target | undefined): void {
    // Whitespace between CDATA sections is layout, not content (WordPress writes none; hand-made files do).
    const raw = frame.cdata ? frame.text!.filter((t, i) => frame.kinds[i] || t.trim() !== '').join('') : frame.text!.join('')
    const value = VERBATIM.has(frame.key) && frame.cdata ? raw : raw.trim()
    const key = frame.key
    if (!target) return
    if (target.kind === 'channel') {
      const field = CHANNEL_FIELDS[key]
      if (field) channel![field] = value
    } else if (target.kind === 'author') {
      const field = AUTHOR_FIELDS[key]
      if (field) target.author[field] = value
    } else if (target.kind === 'term') {
      const field = TERM_FIELDS[key]
      if (field) (target.term as unknown as Record<string, string>)[field] = value
    } else if (target.kind === 'item') {
      if (key === 'rss:category') target.item.terms[target.item.terms.length - 1]!.name = value
      else if (key === 'wp:author') target.item.creator ||= value
      else {
        // The first of a repeated field wins (a second namespace alias must not overwrite it).
        const field = ITEM_FIELDS[key]
        const item = target.item as unknown as Record<string, string>
        if (field && !item[field]) item[field] = value
      }
    } else if (target.kind === 'comment') {
      const field = COMMENT_FIELDS[key]
      if (field) target.comment[field] = value
    } else if (target.kind === 'meta') {
      const field = META_FIELDS[key]
      if (field) target.meta[field] = value
    }
  }

  const collect = (value: string, isCdata: boolean) => {
    const frame = stack[stack.length - 1]
    if (ignoreDepth || !frame?.text) return
    frame.text.push(value)
    frame.kinds.push(isCdata)
    if (isCdata) frame.cdata = true
  }

  parser.ontext = (text) => {
    const bad = text.indexOf(']]>')
    if (bad !== -1) {
      const at = { ...textStart }
      advance(at, text, bad)
      fail('"]]>" outside a CDATA section (an unescaped CDATA end)', { line: at.line, column: at.column + 1 })
    }
    advance(textStart, text)
    collect(text, false)
  }
  parser.oncdata = (text) => collect(text, true)
  parser.onopencdata = () => undefined
  parser.onclosecdata = markupEnd
  parser.oncomment = markupEnd
  parser.onprocessinginstruction = markupEnd
  parser.ondoctype = markupEnd
  parser.onopentagstart = () => undefined
  const afterOpen = parser.onopentag
  parser.onopentag = (node) => {
    markupEnd()
    afterOpen(node)
  }

  /** A bad byte or character: the text before it is parsed first, to say in which item it is. */
  const checked = (decode: () => string): string => {
    try {
      return decode()
    } catch (err) {
      if (!(err instanceof InvalidTextError)) throw err
      parser.write(err.before)
      return fail(err.reason, err)
    }
  }
  for await (const chunk of source) {
    const text = checked(() => decoder.decode(typeof chunk === 'string' ? Buffer.from(chunk) : chunk))
    if (text) parser.write(text)
    if (out.length) yield* out.splice(0)
  }
  const rest = checked(() => decoder.end())
  if (rest) parser.write(rest)
  parser.close()
  if (!sawRss) fail(`The file is empty or has no <rss> element: ${NOT_WXR}`)
  sendChannel()
  yield* out.splice(0)
}
