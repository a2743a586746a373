/** A post as the REST API answers it in the edit context (the fields the admin uses). */
export interface WpPost {
  id: number
  date: string | null
  date_gmt: string | null
  modified_gmt: string
  slug: string
  status: string
  link: string
  permalink_template?: string
  title: { raw?: string; rendered: string }
  content: { raw?: string; rendered: string }
  excerpt: { raw?: string; rendered: string }
  author: number
  featured_media: number
  comment_status: string
  sticky?: boolean
  password?: string
  parent?: number
  menu_order?: number
  categories?: number[]
  tags?: number[]
  _embedded?: {
    author?: { id: number; name: string }[]
    'wp:term'?: { id: number; name: string; taxonomy: string }[][]
  }
}

export const STATUS_LABELS: Record<string, string> = {
  publish: 'Published',
  draft: 'Draft',
  pending: 'Pending review',
  future: 'Scheduled',
  private: 'Private',
  trash: 'Trash',
}
