import type { Editor, Extensions } from '@tiptap/core'
import { Placeholder } from '@tiptap/extensions'
import StarterKit from '@tiptap/starter-kit'
import { Figure } from './figure'
import { Tables } from './table'

/**
 * What the body may hold, and so the HTML the editor saves: paragraphs, h2–h4, bold, italic, links, lists, quotes,
 * code, rules, figures with captions and tables. Anything else in pasted or loaded HTML is dropped by the schema.
 * Shared by the editor screen and the test of its output (test/admin/editor-output.test.ts).
 */
export function editorExtensions(): Extensions {
  return [
    StarterKit.configure({
      heading: { levels: [2, 3, 4] },
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https', HTMLAttributes: { rel: null, target: null } },
      underline: false,
      strike: false,
    }),
    Placeholder.configure({ placeholder: 'Begin writing your story…' }),
    Figure,
    Tables,
  ]
}

/**
 * The body as it is saved: the editor's HTML without the empty paragraphs at its end (the editor keeps one after a
 * list, quote, table or image so the caret can go below it; the page should not show them). Empty: ''.
 */
export function savedHtml(editor: Editor): string {
  return editor.getHTML().replace(/(?:<p><\/p>)+$/, '')
}
