/** The editor's markup rules that need no DOM (tested in Node). */

export type FigureAlign = '' | 'left' | 'center' | 'right' | 'wide'
export const ALIGNS: readonly FigureAlign[] = ['', 'left', 'center', 'right', 'wide']
export const SIZES = ['thumbnail', 'medium', 'large', 'full'] as const

/** The figure's classes as WordPress's image block writes them: `wp-block-image aligncenter size-large`. */
export function figureClass(a: { align: FigureAlign; size: string; mediaId: number | null }): string {
  const size = a.size || (a.mediaId ? 'large' : '')
  return ['wp-block-image', a.align ? `align${a.align}` : '', size ? `size-${size}` : ''].filter(Boolean).join(' ')
}

