import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { listThemes } from './theme.js'

/** What the admin shows of an installed theme: from its package.json (`pressroom` holds the extras). */
export interface ThemeInfo {
  name: string
  title: string
  description: string
  version: string
  author: string
  /** Menu locations the theme shows (`primary` at least): location → label. */
  menus: Record<string, string>
  /** Colours and type for a preview card, when the theme has no screenshot. */
  preview: { background: string; ink: string; accent: string; font: 'serif' | 'sans-serif' }
  /** `assets/screenshot.png` (or .jpg/.webp) under the theme, served by the site at its hashed path. */
  screenshot: string | null
}

interface PackageJson {
  name?: string
  description?: string
  version?: string
  author?: string | { name?: string }
  pressroom?: { title?: string; menus?: Record<string, string>; preview?: Partial<ThemeInfo['preview']> }
}

const titleCase = (name: string) => name.replace(/[-_]+/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase())

export function themeInfo(root: string, name: string): ThemeInfo {
  const dir = path.join(root, name)
  let pkg: PackageJson = {}
  try {
    pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson
  } catch {
    // A theme needs no package.json: it is shown by its folder name.
  }
  const extra = pkg.pressroom ?? {}
  const screenshot = ['png', 'jpg', 'webp'].map((ext) => `screenshot.${ext}`).find((file) => existsSync(path.join(dir, 'assets', file))) ?? null
  return {
    name,
    title: extra.title ?? titleCase(name),
    description: pkg.description ?? '',
    version: pkg.version ?? '',
    author: typeof pkg.author === 'string' ? pkg.author : (pkg.author?.name ?? ''),
    menus: { primary: 'Main menu', ...(extra.menus ?? {}) },
    preview: { background: '#ffffff', ink: '#15171a', accent: '#2557d6', font: 'sans-serif', ...(extra.preview ?? {}) },
    screenshot,
  }
}

/** Every installed theme, `default` first. */
export function listThemeInfo(root: string): ThemeInfo[] {
  return listThemes(root)
    .sort((a, b) => (a === 'default' ? -1 : b === 'default' ? 1 : a.localeCompare(b)))
    .map((name) => themeInfo(root, name))
}
