import { mergeAttributes, Node, type NodeViewProps, NodeViewWrapper, ReactNodeViewRenderer } from '@tiptap/react'
import { useId, useState } from 'react'
import { errorMessage, get, wp } from '../api'
import { Icon } from '../ui/Icon'
import type { WpMedia } from './media'
import { type FigureAlign, figureClass } from './markup'

export { ALIGNS, figureClass, type FigureAlign, SIZES } from './markup'

export interface FigureAttrs {
  src: string
  alt: string
  caption: string
  mediaId: number | null
  width: number | null
  height: number | null
  /** WordPress's alignment class: alignleft, aligncenter, alignright, alignwide; '' for none. */
  align: FigureAlign
  /** The media size shown (thumbnail, medium, large, full); '' when the image is not from the library. */
  size: string
}

declare module '@tiptap/core' {
  interface Commands<ReturnType> {
    figure: { setFigure: (attrs: Partial<FigureAttrs> & { src: string }) => ReturnType }
  }
}

const numberOrNull = (v: string | null) => (v && /^\d+$/.test(v) ? Number(v) : null)
const mediaIdOf = (img: Element) => numberOrNull(/\bwp-image-(\d+)\b/.exec(img.getAttribute('class') ?? '')?.[1] ?? null)

function attrsOf(img: HTMLImageElement, figure: Element | null): FigureAttrs | false {
  const src = img.getAttribute('src')
  if (!src) return false
  const classes = `${figure?.getAttribute('class') ?? ''} ${img.getAttribute('class') ?? ''}`
  const align = /\balign(left|center|right|wide)\b/.exec(classes)?.[1] as FigureAlign | undefined
  const size = /\bsize-([a-z0-9_-]+)\b/.exec(classes)?.[1]
  return {
    align: align ?? '',
    size: size ?? '',
    src,
    alt: img.getAttribute('alt') ?? '',
    caption: figure?.querySelector('figcaption')?.textContent?.trim() ?? '',
    mediaId: mediaIdOf(img),
    width: numberOrNull(img.getAttribute('width')),
    height: numberOrNull(img.getAttribute('height')),
  }
}

/**
 * An image with its alt text and caption, saved as `<figure><img alt><figcaption>` — the markup the site's
 * themes style and WordPress's `[caption]` imports become. A bare `<img>` is read as a figure without caption.
 */
export const Figure = Node.create({
  name: 'figure',
  group: 'block',
  atom: true,
  draggable: true,
  selectable: true,

  addAttributes() {
    return {
      src: { default: '' },
      alt: { default: '' },
      caption: { default: '' },
      mediaId: { default: null },
      width: { default: null },
      height: { default: null },
      align: { default: '' },
      size: { default: '' },
    }
  },

  parseHTML() {
    return [
      { tag: 'figure', getAttrs: (el) => { const img = (el as HTMLElement).querySelector('img'); return img ? attrsOf(img, el as HTMLElement) : false } },
      { tag: 'img[src]', getAttrs: (el) => attrsOf(el as HTMLImageElement, null) },
    ]
  },

  renderHTML({ node }) {
    const a = node.attrs as FigureAttrs
    const img = ['img', mergeAttributes({ src: a.src, alt: a.alt ?? '' }, a.width ? { width: String(a.width) } : {}, a.height ? { height: String(a.height) } : {}, a.mediaId ? { class: `wp-image-${a.mediaId}` } : {})] as const
    const figure = { class: figureClass(a) }
    return a.caption ? ['figure', figure, img, ['figcaption', {}, a.caption]] : ['figure', figure, img]
  },

  addNodeView() {
    return ReactNodeViewRenderer(FigureView)
  },

  addCommands() {
    return {
      setFigure:
        (attrs) =>
        ({ commands }) =>
          commands.insertContent({ type: this.name, attrs }),
    }
  },
})

/** The figure while editing: the image, its caption, and its alt text with a warning while it is empty. */
function FigureView({ node, updateAttributes, deleteNode, selected }: NodeViewProps) {
  const a = node.attrs as FigureAttrs
  const id = useId()
  const missingAlt = !a.alt.trim()
  const [sizeError, setSizeError] = useState('')
  // The size changes the image file too: the library's copy of that size, with its own width and height.
  async function resize(size: string) {
    if (!a.mediaId) return
    setSizeError('')
    try {
      const media = await get<WpMedia>(wp(`/media/${a.mediaId}`, { context: 'edit' }))
      const chosen = media.media_details?.sizes?.[size] ?? (size === 'full' ? { source_url: media.source_url, width: media.media_details?.width ?? null, height: media.media_details?.height ?? null } : null)
      if (!chosen) return setSizeError(`This image has no ${size} size: it is smaller than that.`)
      updateAttributes({ size, src: chosen.source_url, width: chosen.width ?? null, height: chosen.height ?? null })
    } catch (err) {
      setSizeError(errorMessage(err))
    }
  }
  return (
    <NodeViewWrapper as="figure" className={`editor-figure${selected ? ' is-selected' : ''}${a.align ? ` is-align-${a.align}` : ''}${a.size ? ` is-size-${a.size}` : ''}`} data-drag-handle="">
      <div className="figure-options">
        <label htmlFor={`${id}-align`}>Align</label>
        <select id={`${id}-align`} value={a.align} onChange={(e) => updateAttributes({ align: e.target.value })}>
          <option value="">None</option>
          <option value="left">Left</option>
          <option value="center">Center</option>
          <option value="right">Right</option>
          <option value="wide">Wide</option>
        </select>
        {a.mediaId ? (
          <>
            <label htmlFor={`${id}-size`}>Size</label>
            <select id={`${id}-size`} value={a.size || 'large'} onChange={(e) => void resize(e.target.value)}>
              <option value="thumbnail">Thumbnail</option>
              <option value="medium">Medium</option>
              <option value="large">Large</option>
              <option value="full">Full size</option>
            </select>
          </>
        ) : null}
        {sizeError && <span className="field-error" role="alert">{sizeError}</span>}
      </div>
      <img src={a.src} alt={a.alt} width={a.width ?? undefined} height={a.height ?? undefined} draggable={false} />
      <input
        className="figure-caption"
        aria-label="Caption"
        placeholder="Add a caption (optional)"
        value={a.caption}
        onChange={(e) => updateAttributes({ caption: e.target.value })}
      />
      <div className={`figure-alt${missingAlt ? ' is-missing' : ''}`}>
        <label htmlFor={`${id}-alt`}>Alt text</label>
        <input id={`${id}-alt`} value={a.alt} placeholder="Describe the image for people who cannot see it" onChange={(e) => updateAttributes({ alt: e.target.value })} aria-describedby={missingAlt ? `${id}-warn` : undefined} />
        <button type="button" className="icon-btn figure-remove" onClick={() => deleteNode()}>
          <Icon name="trash" size={16} />
          <span className="visually-hidden">Remove image</span>
        </button>
      </div>
      {missingAlt && (
        <p className="figure-warning" id={`${id}-warn`}>
          <Icon name="alert" size={14} /> No alt text: screen reader users will not know what this image shows.
        </p>
      )}
    </NodeViewWrapper>
  )
}
