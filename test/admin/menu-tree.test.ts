import { describe, expect, test } from 'vitest'
import { type FlatItem, flatten, indent, moveBlockTo, moveDown, moveUp, outdent, remove, toTree } from '../../src/admin/app/src/settings/menu-tree.js'

const menu = () =>
  flatten([
    { label: 'News', type: 'category', target: 1, children: [{ label: 'World', type: 'category', target: 2 }] },
    { label: 'About', type: 'page', target: 3 },
    { label: 'Shop', type: 'url', target: 'https://shop.example/' },
  ])
const shape = (list: FlatItem[]) => list.map((i) => `${'-'.repeat(i.depth)}${i.label}`)

describe('the menu editor’s moves', () => {
  test('a flat list and a tree convert both ways', () => {
    const list = menu()
    expect(shape(list)).toEqual(['News', '-World', 'About', 'Shop'])
    expect(toTree(list)).toEqual([
      { label: 'News', type: 'category', target: 1, children: [{ label: 'World', type: 'category', target: 2 }] },
      { label: 'About', type: 'page', target: 3 },
      { label: 'Shop', type: 'url', target: 'https://shop.example/' },
    ])
  })

  test('up and down move an item among its siblings, with its sub-items', () => {
    expect(shape(moveUp(menu(), 2))).toEqual(['About', 'News', '-World', 'Shop'])
    expect(shape(moveDown(menu(), 0))).toEqual(['About', 'News', '-World', 'Shop'])
    // The first child cannot go up past its parent, nor the last item down.
    expect(shape(moveUp(menu(), 1))).toEqual(['News', '-World', 'About', 'Shop'])
    expect(shape(moveDown(menu(), 3))).toEqual(['News', '-World', 'About', 'Shop'])
  })

  test('indent puts an item under the sibling above; outdent takes it out, and later siblings become its children', () => {
    expect(shape(indent(menu(), 2))).toEqual(['News', '-World', '-About', 'Shop'])
    expect(shape(indent(menu(), 0))).toEqual(['News', '-World', 'About', 'Shop'])
    const nested = indent(indent(menu(), 2), 3)
    expect(shape(nested)).toEqual(['News', '-World', '-About', '-Shop'])
    expect(shape(outdent(nested, 2))).toEqual(['News', '-World', 'About', '-Shop'])
  })

  test('removing a parent lifts its sub-items; a drag moves a whole block before its target', () => {
    expect(shape(remove(menu(), 0))).toEqual(['World', 'About', 'Shop'])
    expect(shape(moveBlockTo(menu(), 0, 3))).toEqual(['About', 'News', '-World', 'Shop'])
    expect(shape(moveBlockTo(menu(), 3, 1))).toEqual(['News', '-Shop', '-World', 'About'])
    expect(shape(moveBlockTo(menu(), 0, -1))).toEqual(['About', 'Shop', 'News', '-World'])
    // Into its own sub-items: nothing moves.
    expect(shape(moveBlockTo(menu(), 0, 1))).toEqual(['News', '-World', 'About', 'Shop'])
  })
})
