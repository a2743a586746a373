import { fold } from './analyzer.js'

type Nlp = typeof import('compromise').default

export type EntityKind = 'person' | 'place' | 'organization' | 'tag'

export interface Entity {
  name: string
  kind: EntityKind
  /** How often the story names it. */
  count: number
  /** Where it is first named (words into the text). */
  first: number
}

interface Term {
  text: string
  post: string
  tags: Set<string>
  start: number
}

/** Words of office that stand before a person's name: "Secretary of State Antony Blinken", "Prime Minister Modi". */
const TITLES = new Set(
  ('president vice prime minister secretary chancellor senator governor mayor king queen prince princess pope ' +
    'general admiral ambassador judge justice chairman chairwoman chair ceo commissioner representative rep sen gov ' +
    'mr mrs ms dr sir dame lord lady premier spokesman spokeswoman spokesperson leader ' +
    'sheikh emir crown saint st director professor prof captain colonel lieutenant sergeant bishop rabbi imam').split(' '),
)
/** Departments that follow "Secretary of" / "Minister of" and belong to the title, not the name. */
const DEPARTMENTS = new Set(
  ('state defense defence foreign affairs interior finance health justice treasury energy commerce labor labour ' +
    'education agriculture transportation transport homeland security veterans housing economy trade home war ' +
    'culture environment the and').split(' '),
)
/** Words that make a title with the next one: "Foreign Minister", "Deputy Prime Minister". */
const PRE_TITLES = new Set('foreign deputy chief acting former vice interim'.split(' '))
/** Capitalised words that are never an entity on their own. */
const NEVER = new Set(
  ('the a an this that these those it its he she they we i you his her their our my monday tuesday wednesday thursday ' +
    'friday saturday sunday january february march april may june july august september october november december ' +
    'yesterday today tomorrow mr mrs ms dr officials official state').split(' '),
)
const ENTITY_TAGS = ['Person', 'Place', 'Organization', 'ProperNoun', 'Acronym']
const MAX_TEXT = 60_000

let tagger: Promise<Nlp> | null = null
let taggerLoaded = false

/**
 * `compromise` and its lexicon, imported on first use: loading them costs ~40 MB of RSS and ~10 MB of heap kept,
 * which a server that only serves readers (no post saved, no suggestion asked) never needs.
 */
function loadTagger(): Promise<Nlp> {
  tagger ??= import('compromise').then(
    (m) => {
      taggerLoaded = true
      return m.default
    },
    (err: unknown) => {
      tagger = null
      throw err
    },
  )
  return tagger
}

/** Whether the tagger has been loaded in this process (it is loaded by the first extraction). */
export const isTaggerLoaded = (): boolean => taggerLoaded

/**
 * People, places and organisations a text names, by `compromise`'s tagger with the corrections it needs: names
 * behind titles of office, possessives and trailing punctuation trimmed, comma lists split, surnames folded into
 * the full name met earlier, sentence-initial common words dropped.
 */
export async function extractEntities(text: string): Promise<Entity[]> {
  const nlp = await loadTagger()
  const doc = nlp(text.slice(0, MAX_TEXT))
  const sentences = doc.json() as { terms: { text: string; post: string; tags: string[] }[] }[]
  const found = new Map<string, Entity>()
  let position = 0
  for (const sentence of sentences) {
    const terms: Term[] = sentence.terms.map((t) => ({ text: t.text, post: t.post, tags: new Set(t.tags), start: position++ }))
    for (const span of spans(terms)) add(found, span)
  }
  return countMentions(mergeSurnames([...found.values()]), text)
}

/** How often each is named, counted in the text itself: the tagger misses a surname it reads as a verb. */
function countMentions(entities: Entity[], text: string): Entity[] {
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  for (const e of entities) {
    const names = [e.name]
    if (e.kind === 'person' && e.name.includes(' ')) names.push(e.name.split(' ').at(-1)!)
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])(?:${names.map(escape).join('|')})(?![\\p{L}\\p{N}])`, 'gu')
    e.count = Math.max(e.count, text.match(pattern)?.length ?? 0)
  }
  return entities
}

function isCandidate(term: Term): boolean {
  const word = clean(term.text)
  if (!word || !/^\p{Lu}/u.test(word)) return false
  if (term.tags.has('Date') || term.tags.has('Pronoun') || term.tags.has('Determiner') || term.tags.has('Value')) return false
  return ENTITY_TAGS.some((t) => term.tags.has(t))
}

/** Runs of capitalised proper nouns, broken by punctuation, a possessive, or any other word. */
function* spans(terms: Term[]): Generator<{ terms: Term[]; afterTitle: boolean }> {
  let run: Term[] = []
  let afterTitle = false
  const flush = function* () {
    if (run.length) yield { terms: run, afterTitle }
    run = []
  }
  for (let i = 0; i < terms.length; i++) {
    const term = terms[i]!
    const word = clean(term.text).toLowerCase()
    if (TITLES.has(word)) {
      // "Foreign Minister Sergey Lavrov": what stood before the title belongs to it.
      if (run.some((t) => !DEPARTMENTS.has(clean(t.text).toLowerCase()) && !PRE_TITLES.has(clean(t.text).toLowerCase()))) yield* flush()
      run = []
      afterTitle = true
      continue
    }
    if (!run.length && afterTitle && (word === 'of' || DEPARTMENTS.has(word))) continue
    if (isCandidate(term) && !(run.length === 0 && afterTitle && DEPARTMENTS.has(word))) {
      run.push(term)
      if (/'s$|’s$|s'$/.test(term.text) || /[,.;:!?()"“”]/.test(term.post)) yield* flush()
      if (!run.length) afterTitle = false
      continue
    }
    yield* flush()
    afterTitle = TITLES.has(word)
  }
  yield* flush()
}

function add(found: Map<string, Entity>, span: { terms: Term[]; afterTitle: boolean }): void {
  const words = span.terms.map((t) => clean(t.text)).filter(Boolean)
  while (words.length && NEVER.has(words[0]!.toLowerCase())) words.shift()
  if (!words.length) return
  const name = words.join(' ')
  if (name.length < 2 || (words.length === 1 && NEVER.has(name.toLowerCase()))) return
  const tags = new Set(span.terms.flatMap((t) => [...t.tags]))
  const allPlaces = span.terms.every((t) => t.tags.has('Place'))
  const kind: EntityKind = tags.has('Organization') || tags.has('Acronym') ? 'organization'
    : allPlaces && !tags.has('Person') ? 'place'
    : span.afterTitle || tags.has('Person') ? 'person'
    : tags.has('Place') ? 'place' : 'person'
  // A lone capitalised word that compromise only calls a proper noun is often a sentence's first word.
  if (words.length === 1 && !span.afterTitle && !['Person', 'Place', 'Organization', 'Acronym'].some((t) => tags.has(t))) return
  const key = fold(name)
  const known = found.get(key)
  if (known) known.count++
  else found.set(key, { name, kind, count: 1, first: span.terms[0]!.start })
}

/** "Blinken" after "Antony Blinken" is the same person. */
function mergeSurnames(entities: Entity[]): Entity[] {
  const people = entities.filter((e) => e.kind === 'person' && e.name.includes(' '))
  return entities.filter((e) => {
    if (e.name.includes(' ')) return true
    const full = people.find((p) => fold(p.name).split(' ').includes(fold(e.name)))
    if (!full) return true
    full.count += e.count
    return false
  })
}

/** The word as written, without a possessive or punctuation around it. */
const clean = (word: string) => word.replace(/(?:'s|’s|')$/u, '').replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '')
