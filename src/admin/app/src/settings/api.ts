import { get, post, wp } from '../api'
import type { Values } from './form'

export interface AdminSettings {
  settings: Values
  site_url: string
}

export const loadSettings = async () => (await get<AdminSettings>('/admin/api/settings')).settings
export const saveSettings = async (changes: Values) => (await post<AdminSettings>('/admin/api/settings', changes)).settings

/** Only these keys, from what the server answers: a tab's form holds its own settings. */
export const only = (keys: readonly string[]) => (s: Values): Values => Object.fromEntries(keys.map((k) => [k, s[k]]))

export interface PageOption {
  id: number
  title: { rendered: string }
  parent: number
}
export interface TermOption {
  id: number
  name: string
  parent: number
  count: number
}

export const publishedPages = () => get<PageOption[]>(wp('/pages', { status: 'publish', per_page: 100, orderby: 'title', order: 'asc', _fields: 'id,title,parent' }))
export const categories = () => get<TermOption[]>(wp('/categories', { per_page: 100, orderby: 'name', hide_empty: false, _fields: 'id,name,parent,count' }))
