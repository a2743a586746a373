import { type Command as PmCommand, type EditorState } from '@tiptap/pm/state'
import {
  addColumnAfter, addRowAfter, deleteColumn, deleteRow, deleteTable, goToNextCell, isInTable, tableEditing, toggleHeaderRow,
} from '@tiptap/pm/tables'
import { type Command, Extension, mergeAttributes, Node } from '@tiptap/core'

declare module '@tiptap/core' {
  interface NodeConfig<Options, Storage> {
    /** prosemirror-tables finds the table's parts by this role in the node's spec. */
    tableRole?: 'table' | 'row' | 'cell' | 'header_cell'
  }
  interface Commands<ReturnType> {
    table: {
      insertTable: (size?: { rows?: number; cols?: number }) => ReturnType
      addRowAfter: () => ReturnType
      deleteRow: () => ReturnType
      addColumnAfter: () => ReturnType
      deleteColumn: () => ReturnType
      deleteTable: () => ReturnType
      toggleHeaderRow: () => ReturnType
    }
  }
}

/** A ProseMirror command from prosemirror-tables as a TipTap command. */
const wrap = (command: PmCommand): (() => Command) => () => ({ state, dispatch }) => command(state, dispatch)

const spanAttrs = {
  colspan: { default: 1, parseHTML: (el: HTMLElement) => Number(el.getAttribute('colspan') ?? 1) || 1, renderHTML: (a: { colspan: number }) => (a.colspan > 1 ? { colspan: String(a.colspan) } : {}) },
  rowspan: { default: 1, parseHTML: (el: HTMLElement) => Number(el.getAttribute('rowspan') ?? 1) || 1, renderHTML: (a: { rowspan: number }) => (a.rowspan > 1 ? { rowspan: String(a.rowspan) } : {}) },
  colwidth: { default: null, rendered: false },
}

const BLOCKS = new Set(['P', 'DIV', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'LI', 'BLOCKQUOTE', 'PRE', 'SECTION', 'ARTICLE', 'HEADER', 'FOOTER'])
const isBlock = (node: ChildNode): boolean => node.nodeType === 1 && BLOCKS.has((node as Element).tagName)

/** The blocks inside `from` as inline content of `into`, a line break between two blocks. */
function flatten(from: ParentNode, into: HTMLElement): void {
  const blocks = [...from.childNodes].some(isBlock)
  for (const child of [...from.childNodes]) {
    if (isBlock(child)) {
      if (into.hasChildNodes() && into.lastChild?.nodeName !== 'BR') into.append(into.ownerDocument.createElement('br'))
      flatten(child as Element, into)
    } else if (!(blocks && child.nodeType === 3 && !child.textContent?.trim())) {
      into.append(child.cloneNode(true))
    }
  }
}

/**
 * A cell's content as one line of text. Tables pasted from word processors and older posts put paragraphs in cells
 * (`<td><p>a</p><p>b</p></td>`): read as they are, the schema would lift them out of the table, below it.
 */
function inlineCell(cell: HTMLElement): HTMLElement {
  if (![...cell.childNodes].some(isBlock)) return cell
  const out = cell.ownerDocument.createElement('div')
  flatten(cell, out)
  return out
}

/** A cell holds a line of text, as WordPress's table block saves it: `<td>text</td>`, no paragraphs inside. */
export const TableCell = Node.create({
  name: 'tableCell',
  content: 'inline*',
  tableRole: 'cell',
  isolating: true,
  addAttributes: () => spanAttrs,
  parseHTML: () => [{ tag: 'td', contentElement: inlineCell }],
  renderHTML: ({ HTMLAttributes }) => ['td', mergeAttributes(HTMLAttributes), 0],
})

export const TableHeader = Node.create({
  name: 'tableHeader',
  content: 'inline*',
  tableRole: 'header_cell',
  isolating: true,
  addAttributes: () => spanAttrs,
  parseHTML: () => [{ tag: 'th', contentElement: inlineCell }],
  renderHTML: ({ HTMLAttributes }) => ['th', mergeAttributes(HTMLAttributes), 0],
})

export const TableRow = Node.create({
  name: 'tableRow',
  content: '(tableCell | tableHeader)*',
  tableRole: 'row',
  parseHTML: () => [{ tag: 'tr' }],
  renderHTML: () => ['tr', 0],
})

/**
 * A table saved as WordPress's table block saves it: `<figure class="wp-block-table"><table><tbody>…`. Rows,
 * columns, cell selection and Tab between cells come from prosemirror-tables.
 */
export const Table = Node.create({
  name: 'table',
  group: 'block',
  content: 'tableRow+',
  tableRole: 'table',
  isolating: true,
  parseHTML: () => [{ tag: 'table' }],
  renderHTML: () => ['figure', { class: 'wp-block-table' }, ['table', {}, ['tbody', 0]]],

  addCommands() {
    return {
      insertTable:
        ({ rows = 3, cols = 3 } = {}) =>
        ({ commands }) => {
          const row = (cell: string) => ({ type: 'tableRow', content: Array.from({ length: cols }, () => ({ type: cell })) })
          return commands.insertContent({ type: 'table', content: [row('tableHeader'), ...Array.from({ length: rows - 1 }, () => row('tableCell'))] })
        },
      addRowAfter: wrap(addRowAfter),
      deleteRow: wrap(deleteRow),
      addColumnAfter: wrap(addColumnAfter),
      deleteColumn: wrap(deleteColumn),
      deleteTable: wrap(deleteTable),
      toggleHeaderRow: wrap(toggleHeaderRow),
    }
  },

  addKeyboardShortcuts() {
    return {
      Tab: ({ editor }) => {
        if (!isInTable(editor.state)) return false
        if (goToNextCell(1)(editor.state, editor.view.dispatch)) return true
        // Tab in the last cell adds a row, as word processors do.
        return editor.chain().addRowAfter().command(({ state, dispatch }) => goToNextCell(1)(state, dispatch)).run()
      },
      'Shift-Tab': ({ editor }) => isInTable(editor.state) && goToNextCell(-1)(editor.state, editor.view.dispatch),
    }
  },

  addProseMirrorPlugins() {
    return [tableEditing()]
  },
})

export const inTable = (state: EditorState) => isInTable(state)

/** The four nodes of a table. */
export const Tables = Extension.create({
  name: 'tables',
  addExtensions: () => [Table, TableRow, TableHeader, TableCell],
  extendNodeSchema(extension) {
    const role = (extension.config as { tableRole?: string }).tableRole
    return role ? { tableRole: role } : {}
  },
})
