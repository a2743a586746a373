/** What a request shows, in WordPress's terms, for choosing a template. */
export type PageContext =
  | { kind: 'home'; paged: boolean }
  | { kind: 'single'; type: string; slug: string; id: number }
  | { kind: 'category' | 'tag'; slug: string; id: number }
  | { kind: 'author'; login: string; id: number }
  | { kind: 'date' }
  | { kind: 'search' }
  | { kind: 'error'; status: number }

/**
 * The template names to try, most specific first, as WordPress's template hierarchy orders them; the first one
 * the theme has is used, and every theme must have `index`.
 */
export function templateCandidates(context: PageContext): string[] {
  switch (context.kind) {
    case 'home':
      return context.paged ? ['home', 'index'] : ['front-page', 'home', 'index']
    case 'single':
      return context.type === 'page'
        ? [`page-${context.slug}`, `page-${context.id}`, 'page', 'singular', 'index']
        : [`single-${context.type}-${context.slug}`, `single-${context.type}`, 'single', 'singular', 'index']
    case 'category':
    case 'tag':
      return [`${context.kind}-${context.slug}`, `${context.kind}-${context.id}`, context.kind, 'archive', 'index']
    case 'author':
      return [`author-${context.login}`, `author-${context.id}`, 'author', 'archive', 'index']
    case 'date':
      return ['date', 'archive', 'index']
    case 'search':
      return ['search', 'index']
    case 'error':
      return [String(context.status), `error-${context.status}`, `error-${String(context.status)[0]}xx`, 'error', 'index']
  }
}

/** The body classes WordPress gives the same page, for themes' CSS. */
export function contextClasses(context: PageContext): string[] {
  switch (context.kind) {
    case 'home':
      return context.paged ? ['home', 'blog', 'paged'] : ['home', 'blog']
    case 'single':
      return context.type === 'page' ? ['page', `page-id-${context.id}`, 'singular'] : ['single', `single-${context.type}`, `postid-${context.id}`, 'singular']
    case 'category':
    case 'tag':
      return ['archive', context.kind, `${context.kind}-${context.slug}`]
    case 'author':
      return ['archive', 'author', `author-${context.login}`]
    case 'date':
      return ['archive', 'date']
    case 'search':
      return ['search']
    case 'error':
      return [`error${context.status}`, context.status === 404 ? 'error404' : 'error']
  }
}
