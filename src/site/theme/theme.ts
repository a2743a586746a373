import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import Handlebars from 'handlebars'
import { registerHelpers } from '../helpers/index.js'

export interface ThemeAsset {
  body: Buffer
  /** Compressed once at start, for text assets. */
  br?: Buffer
  gzip?: Buffer
  type: string
  etag: string
}

export interface Theme {
  readonly name: string
  readonly dir: string
  has(template: string): boolean
  /** Renders the first of `candidates` the theme has, wrapped in its layout (`{{!< default}}`, as in Ghost). */
  render(candidates: readonly string[], data: Record<string, unknown>): string
  /**
   * The public, content-hashed path of an asset (`css/style.css` → `/assets/default/css/style.3f2a9c1d0b.css`); one
   * the theme lacks is the default theme's, at that theme's path.
   */
  assetPath(file: string): string
  /** An asset by its hashed public path. */
  asset(publicPath: string): ThemeAsset | undefined
}

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
}

const LAYOUT = /^\s*\{\{!<\s*([\w/-]+)\s*\}\}/

function walk(dir: string, base = dir): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name)
    return statSync(full).isDirectory() ? walk(full, base) : [path.relative(base, full).split(path.sep).join('/')]
  })
}

/** The theme whose assets stand in for a file another theme lacks (the themes are its siblings). */
const FALLBACK_THEME = 'default'

/** `css/style.css` → `/assets/THEME/css/style.3f2a9c1d0b.css`, named by a hash of the content. */
function hashedAsset(theme: string, file: string, body: Buffer): { hash: string; publicPath: string } {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 10)
  const ext = path.extname(file)
  return { hash, publicPath: `/assets/${theme}/${file.slice(0, -ext.length)}.${hash}${ext}` }
}

/** Compiles a theme folder once: templates, partials, helpers and hashed assets. */
export function loadTheme(dir: string): Theme {
  const name = path.basename(dir)
  const hbs = Handlebars.create()
  const compileOptions = { preventIndent: true } as const
  const templates = new Map<string, { render: Handlebars.TemplateDelegate; layout: string | null }>()
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.hbs'))) {
    const source = readFileSync(path.join(dir, file), 'utf8')
    templates.set(file.slice(0, -4), { render: hbs.compile(source, compileOptions), layout: LAYOUT.exec(source)?.[1] ?? null })
  }
  if (!templates.has('index')) throw new Error(`Theme "${name}" has no index.hbs: every theme needs one`)
  for (const file of walk(path.join(dir, 'partials')).filter((f) => f.endsWith('.hbs'))) {
    hbs.registerPartial(file.slice(0, -4), hbs.compile(readFileSync(path.join(dir, 'partials', file), 'utf8'), compileOptions))
  }

  const byFile = new Map<string, string>()
  const byPublic = new Map<string, ThemeAsset>()
  for (const file of walk(path.join(dir, 'assets'))) {
    const body = readFileSync(path.join(dir, 'assets', file))
    const { hash, publicPath } = hashedAsset(name, file, body)
    const ext = path.extname(file)
    byFile.set(file, publicPath)
    const type = TYPES[ext] ?? 'application/octet-stream'
    const text = /^(text\/|application\/json|image\/svg)/.test(type) && body.length > 1024
    byPublic.set(publicPath, {
      body,
      type,
      etag: `"${hash}"`,
      ...(text ? { br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }), gzip: gzipSync(body, { level: 9 }) } : {}),
    })
  }

  // A file the theme lacks is the default theme's (its comment script, say), at the default theme's own hashed path:
  // that theme serves it, and a browser keeps one copy whichever theme the site uses.
  if (name !== FALLBACK_THEME) {
    const fallbackAssets = path.join(path.dirname(dir), FALLBACK_THEME, 'assets')
    for (const file of walk(fallbackAssets)) {
      if (!byFile.has(file)) byFile.set(file, hashedAsset(FALLBACK_THEME, file, readFileSync(path.join(fallbackAssets, file))).publicPath)
    }
  }

  const theme: Theme = {
    name,
    dir,
    has: (template) => templates.has(template),
    assetPath(file) {
      const found = byFile.get(file.replace(/^\/+/, ''))
      if (!found) throw new Error(`Theme "${name}" has no asset ${file}`)
      return found
    },
    asset: (publicPath) => byPublic.get(publicPath),
    render(candidates, data) {
      const chosen = candidates.find((c) => templates.has(c)) ?? 'index'
      const template = templates.get(chosen)!
      const options = { data: { site: data.site, template: chosen } }
      const body = template.render(data, options)
      if (!template.layout) return body
      const layout = templates.get(template.layout)
      if (!layout) throw new Error(`Theme "${name}": template ${chosen} asks for the missing layout ${template.layout}`)
      return layout.render({ ...data, body: new hbs.SafeString(body) }, options)
    },
  }
  registerHelpers(hbs, theme)
  return theme
}

/** Every theme folder under `root` (a folder with an index.hbs). */
export function listThemes(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root).filter((name) => existsSync(path.join(root, name, 'index.hbs'))).sort()
}
