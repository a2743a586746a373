import { type Editor, useEditorState } from '@tiptap/react'
import { type FormEvent, useEffect, useId, useRef, useState } from 'react'
import { Icon } from '../ui/Icon'
import { ImageFileInput } from '../media/ImageFileInput'

interface Props {
  editor: Editor
  onImage: (file: File) => void
  /** Opens the media library to insert an image from it. */
  onLibrary: () => void
  linkRequest: number
}

/** Formatting controls over the body, each with a name and its shortcut, usable by keyboard. */
export function Toolbar({ editor, onImage, onLibrary, linkRequest }: Props) {
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      block: e.isActive('heading', { level: 2 }) ? 'h2' : e.isActive('heading', { level: 3 }) ? 'h3' : e.isActive('heading', { level: 4 }) ? 'h4' : 'p',
      bold: e.isActive('bold'),
      italic: e.isActive('italic'),
      link: e.isActive('link'),
      href: (e.getAttributes('link').href as string | undefined) ?? '',
      bulletList: e.isActive('bulletList'),
      orderedList: e.isActive('orderedList'),
      blockquote: e.isActive('blockquote'),
      code: e.isActive('code'),
      codeBlock: e.isActive('codeBlock'),
      table: e.isActive('table'),
      canUndo: e.can().undo(),
      canRedo: e.can().redo(),
    }),
  })
  const [linkOpen, setLinkOpen] = useState(false)
  const file = useRef<HTMLInputElement>(null)
  const styleId = useId()

  useEffect(() => {
    if (linkRequest > 0) setLinkOpen(true)
  }, [linkRequest])

  const chain = () => editor.chain().focus()
  const setBlock = (value: string) => {
    if (value === 'p') chain().setParagraph().run()
    else chain().setHeading({ level: Number(value.slice(1)) as 2 | 3 | 4 }).run()
  }

  const button = (name: string, label: string, active: boolean, run: () => void, shortcut?: string) => (
    <button type="button" className="tool" aria-pressed={active} onClick={run} title={shortcut ? `${label} (${shortcut})` : label}>
      <Icon name={name} size={17} />
      <span className="visually-hidden">{label}</span>
    </button>
  )

  return (
    <div className="toolbar-wrap">
      <div className="toolbar" role="toolbar" aria-label="Formatting">
        <label htmlFor={styleId} className="visually-hidden">Text style</label>
        <select id={styleId} className="tool-select" value={state.block} onChange={(e) => setBlock(e.target.value)}>
          <option value="p">Paragraph</option>
          <option value="h2">Heading 2</option>
          <option value="h3">Heading 3</option>
          <option value="h4">Heading 4</option>
        </select>
        <span className="tool-sep" aria-hidden="true" />
        {button('bold', 'Bold', state.bold, () => chain().toggleBold().run(), 'Ctrl+B')}
        {button('italic', 'Italic', state.italic, () => chain().toggleItalic().run(), 'Ctrl+I')}
        {button('link', 'Link', state.link || linkOpen, () => setLinkOpen(!linkOpen), 'Ctrl+K')}
        <span className="tool-sep" aria-hidden="true" />
        {button('list', 'Bulleted list', state.bulletList, () => chain().toggleBulletList().run())}
        {button('olist', 'Numbered list', state.orderedList, () => chain().toggleOrderedList().run())}
        {button('quote', 'Quote', state.blockquote, () => chain().toggleBlockquote().run())}
        {button('code', 'Inline code', state.code, () => chain().toggleCode().run())}
        {button('codeblock', 'Code block', state.codeBlock, () => chain().toggleCodeBlock().run())}
        {button('hr', 'Horizontal rule', false, () => chain().setHorizontalRule().run())}
        {button('table', 'Insert a table', state.table, () => (state.table ? undefined : chain().insertTable({ rows: 3, cols: 3 }).run()))}
        <button type="button" className="tool" onClick={() => file.current?.click()} title="Add an image">
          <Icon name="image" size={17} />
          <span className="visually-hidden">Add an image</span>
        </button>
        <button type="button" className="tool" onClick={onLibrary} title="Insert from the media library">
          <Icon name="grid" size={17} />
          <span className="visually-hidden">Insert from the media library</span>
        </button>
        <ImageFileInput ref={file} testId="image-input" onFile={(f) => onImage(f)} />
        <span className="tool-sep" aria-hidden="true" />
        <button type="button" className="tool" disabled={!state.canUndo} onClick={() => chain().undo().run()} title="Undo (Ctrl+Z)">
          <Icon name="undo" size={17} />
          <span className="visually-hidden">Undo</span>
        </button>
        <button type="button" className="tool" disabled={!state.canRedo} onClick={() => chain().redo().run()} title="Redo (Ctrl+Shift+Z)">
          <Icon name="redo" size={17} />
          <span className="visually-hidden">Redo</span>
        </button>
      </div>
      {state.table && (
        <div className="table-tools" role="toolbar" aria-label="Table">
          <button type="button" className="btn btn-small" onClick={() => chain().addRowAfter().run()}>Add row</button>
          <button type="button" className="btn btn-small" onClick={() => chain().deleteRow().run()}>Remove row</button>
          <button type="button" className="btn btn-small" onClick={() => chain().addColumnAfter().run()}>Add column</button>
          <button type="button" className="btn btn-small" onClick={() => chain().deleteColumn().run()}>Remove column</button>
          <button type="button" className="btn btn-small" onClick={() => chain().toggleHeaderRow().run()}>Header row</button>
          <button type="button" className="btn btn-small btn-danger" onClick={() => chain().deleteTable().run()}>Delete table</button>
        </div>
      )}
      {linkOpen && <LinkForm editor={editor} href={state.href} onDone={() => setLinkOpen(false)} />}
    </div>
  )
}

/** Adds, changes or removes the link on the selection (or inserts the address as a link when nothing is selected). */
function LinkForm({ editor, href, onDone }: { editor: Editor; href: string; onDone: () => void }) {
  const [value, setValue] = useState(href)
  const id = useId()
  const apply = (e: FormEvent) => {
    e.preventDefault()
    const url = normalizeUrl(value)
    if (!url) return remove()
    const { empty } = editor.state.selection
    if (empty && !editor.isActive('link')) editor.chain().focus().insertContent({ type: 'text', text: value.trim(), marks: [{ type: 'link', attrs: { href: url } }] }).run()
    else editor.chain().focus().extendMarkRange('link').setLink({ href: url }).run()
    onDone()
  }
  const remove = () => {
    editor.chain().focus().extendMarkRange('link').unsetLink().run()
    onDone()
  }
  return (
    <form className="link-form" onSubmit={apply} onKeyDown={(e) => e.key === 'Escape' && (e.preventDefault(), onDone(), editor.commands.focus())}>
      <label htmlFor={id}>Link address</label>
      <input id={id} type="text" inputMode="url" autoFocus placeholder="https://example.com/story" value={value} onChange={(e) => setValue(e.target.value)} />
      <button type="submit" className="btn btn-small btn-primary">Apply</button>
      {href && (
        <button type="button" className="btn btn-small" onClick={remove}>
          Remove link
        </button>
      )}
    </form>
  )
}

/** Adds https:// to a bare domain; keeps site-relative paths, mail and phone links; refuses other schemes. */
export function normalizeUrl(input: string): string {
  const v = input.trim()
  if (!v) return ''
  if (/^(https?:|mailto:|tel:)/i.test(v) || v.startsWith('/') || v.startsWith('#')) return v
  if (/^[a-z][a-z0-9+.-]*:/i.test(v)) return ''
  return `https://${v}`
}
