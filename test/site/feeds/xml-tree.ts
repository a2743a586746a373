/**
 * A small strict XML reader for tests: it throws on anything not well formed (unclosed or crossed tags, unquoted
 * or repeated attributes, a bare `&` or `<`, unknown entities, characters XML forbids, text outside the root) and
 * returns the element tree. No DTDs, no namespaces resolution: enough for feeds and sitemaps.
 */
export interface XmlElement {
  name: string
  attrs: Record<string, string>
  children: XmlElement[]
  /** The element's own text (CDATA included), entities decoded. */
  text: string
}

const NAME = '[A-Za-z_][\\w.:-]*'
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

function decode(raw: string, at: number): string {
  if (raw.includes('<')) throw new Error(`a bare < in text at ${at}`)
  return raw.replace(/&([^;\s&]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw new Error(`a bare & at ${at}: ${JSON.stringify(raw.slice(0, 40))}`)
    if (name in ENTITIES) return ENTITIES[name]!
    const m = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(name)
    if (!m) throw new Error(`an unknown entity &${name}; at ${at}`)
    return String.fromCodePoint(m[1] ? parseInt(m[1], 16) : Number(m[2]))
  })
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error('a character XML 1.0 forbids')
  let i = 0
  const decl = /^<\?xml\s[^?]*\?>/.exec(xml)
  if (decl) i = decl[0].length
  const stack: XmlElement[] = []
  let root: XmlElement | null = null
  const tag = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*(?:"[^"]*"|'[^']*'))*)\\s*(/?)>`)
  const attr = new RegExp(`(${NAME})\\s*=\\s*(?:"([^"]*)"|'([^']*)')`, 'g')
  while (i < xml.length) {
    const rest = xml.slice(i, i + 20)
    if (rest.startsWith('<!--')) {
      const end = xml.indexOf('-->', i + 4)
      if (end < 0) throw new Error(`an unclosed comment at ${i}`)
      i = end + 3
    } else if (rest.startsWith('<![CDATA[')) {
      const end = xml.indexOf(']]>', i + 9)
      if (end < 0 || !stack.length) throw new Error(`a misplaced or unclosed CDATA section at ${i}`)
      stack[stack.length - 1]!.text += xml.slice(i + 9, end)
      i = end + 3
    } else if (rest.startsWith('<?')) {
      const end = xml.indexOf('?>', i)
      if (end < 0) throw new Error(`an unclosed processing instruction at ${i}`)
      i = end + 2
    } else if (rest.startsWith('</')) {
      const m = new RegExp(`^</(${NAME})\\s*>`).exec(xml.slice(i))
      const open = stack.pop()
      if (!m || !open || open.name !== m[1]) throw new Error(`a closing tag that closes nothing open at ${i}: ${xml.slice(i, i + 30)}`)
      i += m[0].length
    } else if (rest.startsWith('<')) {
      const m = tag.exec(xml.slice(i))
      if (!m) throw new Error(`a malformed tag at ${i}: ${xml.slice(i, i + 40)}`)
      if (root && !stack.length) throw new Error(`a second root element at ${i}`)
      const el: XmlElement = { name: m[1]!, attrs: {}, children: [], text: '' }
      for (const a of m[2]!.matchAll(attr)) {
        if (a[1]! in el.attrs) throw new Error(`attribute ${a[1]} twice at ${i}`)
        el.attrs[a[1]!] = decode(a[2] ?? a[3] ?? '', i)
      }
      if (stack.length) stack[stack.length - 1]!.children.push(el)
      else root = el
      if (!m[3]) stack.push(el)
      i += m[0].length
    } else {
      const end = xml.indexOf('<', i)
      const raw = xml.slice(i, end < 0 ? xml.length : end)
      if (!stack.length) {
        if (raw.trim()) throw new Error(`text outside the root element at ${i}`)
      } else {
        stack[stack.length - 1]!.text += decode(raw, i)
      }
      i += raw.length
    }
  }
  if (stack.length || !root) throw new Error(`unclosed elements: ${stack.map((e) => e.name).join(' > ') || '(no root)'}`)
  return root
}

/** Child elements by name. */
export const childrenNamed = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name)
export const childText = (el: XmlElement, name: string) => childrenNamed(el, name)[0]?.text
