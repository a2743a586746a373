import { domainToUnicode } from 'node:url'
import { countLinks } from './comment-html.js'
import type { Candidate } from './rules.js'

/** What a spam check says of a comment: points towards spam, or a verdict that decides it outright. */
export interface SpamResult {
  score?: number
  verdict?: 'spam' | 'hold'
  reasons?: string[]
}

/**
 * One check of a new comment. The built-in signals are one; an external service (Akismet and the like) can be
 * another: it gets the comment, the commenter's address and browser, and answers a score or a verdict. A check
 * that throws holds the comment for a moderator rather than letting it through or losing it.
 */
export interface SpamCheck {
  readonly name: string
  check(candidate: Candidate, context: SpamContext): SpamResult | Promise<SpamResult>
}

export interface SpamContext {
  /** How the form's signed timestamp read, for comments sent from the site's form. */
  formToken: 'valid' | 'missing' | 'invalid' | 'not-a-form'
}

/** At or over this many points a comment is held for a moderator. */
export const HOLD_SCORE = 3
/** At or over this many points it goes straight to spam. */
export const SPAM_SCORE = 6

/** Words that spam carries and conversation about the news hardly ever does. Matched as whole words or phrases. */
export const SPAM_WORDS = [
  'viagra', 'cialis', 'levitra', 'casino', 'online casino', 'payday loan', 'payday loans', 'replica watches', 'cheap pills',
  'online pharmacy', 'no prescription', 'weight loss pills', 'buy followers', 'seo services', 'backlinks', 'escort service',
  'porn', 'xxx', 'make money online', 'earn money fast', 'work from home', 'forex signals', 'binary options',
  'crypto investment', 'bitcoin doubler', 'essay writing service', 'click here', 'buy now', 'free money', 'hot singles',
] as const

const SPAM_WORD = new RegExp(`(?<![\\p{L}\\p{N}])(${SPAM_WORDS.map((w) => w.replace(/ /g, '\\s+')).join('|')})(?![\\p{L}\\p{N}])`, 'giu')

const SCRIPTS = ['Latin', 'Cyrillic', 'Greek', 'Arabic', 'Hebrew', 'Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai', 'Devanagari'] as const
const SCRIPT_RE = Object.fromEntries(SCRIPTS.map((s) => [s, new RegExp(`\\p{Script=${s}}`, 'gu')])) as Record<(typeof SCRIPTS)[number], RegExp>
/** Japanese mixes three scripts: they count as one. */
const FAMILY: Partial<Record<string, string>> = { Han: 'CJK', Hiragana: 'CJK', Katakana: 'CJK', Hangul: 'CJK' }

/** The script most of a text's letters are written in, or null for too few letters to say. */
export function dominantScript(text: string, atLeast = 3): string | null {
  let best: string | null = null
  let most = 0
  const totals = new Map<string, number>()
  for (const script of SCRIPTS) {
    const n = text.match(SCRIPT_RE[script])?.length ?? 0
    if (!n) continue
    const family = FAMILY[script] ?? script
    const total = (totals.get(family) ?? 0) + n
    totals.set(family, total)
    if (total > most) [best, most] = [family, total]
  }
  return most >= atLeast ? best : null
}

export function spamWordsIn(text: string): string[] {
  return [...new Set([...text.matchAll(SPAM_WORD)].map((m) => m[1]!.toLowerCase().replace(/\s+/g, ' ')))]
}

/** Shouting: at least 20 letters, 70 % or more of them capitals. */
export function isShouting(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? []
  if (letters.length < 20) return false
  const upper = letters.filter((l) => l !== l.toLowerCase() && l === l.toUpperCase()).length
  return upper / letters.length >= 0.7
}

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname
  } catch {
    return ''
  }
}

/** The built-in signals, each worth a few points; together they decide whether a comment waits or is spam. */
export const builtInSignals: SpamCheck = {
  name: 'signals',
  check(c, context) {
    let score = 0
    const reasons: string[] = []
    const add = (points: number, reason: string) => {
      score += points
      reasons.push(`${reason} (+${points})`)
    }
    const links = countLinks(c.html)
    if (links > 1) add(Math.min(links - 1, 4), `${links} links`)
    const words = spamWordsIn(`${c.text}\n${c.authorName}`)
    if (words.length) add(Math.min(2 * words.length, 6), `spam words: ${words.join(', ')}`)
    if (isShouting(c.text)) add(2, 'written in capitals')
    const nameScript = dominantScript(c.authorName, 2)
    const textScript = dominantScript(c.text)
    if (nameScript && textScript && nameScript !== textScript) add(2, `name in ${nameScript} script, comment in ${textScript}`)
    if (/https?:\/\/|www\.|\.(com|net|org|info|biz|ru|xyz|top)\b/i.test(c.authorName)) add(2, 'a web address as the name')
    else if (c.authorUrl && c.authorName.trim().split(/\s+/).length >= 5) add(1, 'a long name with a website')
    const host = hostOf(c.authorUrl)
    if (host && spamWordsIn(host.replace(/[.-]/g, ' ')).length) add(2, 'spam words in the website address')
    const hostScript = host ? dominantScript(domainToUnicode(host), 2) : null
    if (hostScript && textScript && hostScript !== 'Latin' && hostScript !== textScript) add(2, `website in ${hostScript} script, comment in ${textScript}`)
    if (c.authorUrl && c.text.split(/\s+/).filter(Boolean).length <= 3) add(1, 'a website and a few words')
    if (context.formToken === 'missing') add(1, 'sent without the form’s timestamp')
    if (context.formToken === 'invalid') add(3, 'a forged form timestamp')
    return { score, reasons }
  },
}
