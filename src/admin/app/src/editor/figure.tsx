import { mergeAttributes, Node, type NodeViewProps, NodeViewWrapper, ReactNodeViewRenderer } from '@tiptap/react'
import { useId } from 'react'
import { Icon } from '../ui/Icon'

export interface FigureAttrs {
  src: string
  alt: string
  caption: string
  mediaId: number | null
  width: number | null
  height: number | null
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
  return {
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
    const figure = { class: a.mediaId ? 'wp-block-image size-large' : 'wp-block-image' }
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
  return (
    <NodeViewWrapper as="figure" className={`editor-figure${selected ? ' is-selected' : ''}`} data-drag-handle="">
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
