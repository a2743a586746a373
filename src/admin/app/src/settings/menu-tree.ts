/** A navigation menu as the editor holds it: a flat list with depths (as WordPress's menu screen does), saved as a tree. */
export interface MenuItem {
  label: string
  type: 'page' | 'category' | 'tag' | 'url' | 'home'
  target?: string | number
  children?: MenuItem[]
}

export interface FlatItem {
  key: string
  label: string
  type: MenuItem['type']
  target?: string | number
  depth: number
}

export const MAX_DEPTH = 4 // five levels: 0…4

let next = 0
export const newKey = () => `m${++next}`

export function flatten(items: MenuItem[], depth = 0): FlatItem[] {
  return items.flatMap((item) => [
    { key: newKey(), label: item.label, type: item.type, ...(item.target !== undefined ? { target: item.target } : {}), depth },
    ...flatten(item.children ?? [], depth + 1),
  ])
}

export function toTree(flat: FlatItem[]): MenuItem[] {
  const roots: MenuItem[] = []
  const stack: { depth: number; item: MenuItem }[] = []
  for (const f of flat) {
    const item: MenuItem = { label: f.label.trim(), type: f.type, ...(f.target !== undefined ? { target: f.target } : {}) }
    while (stack.length && stack.at(-1)!.depth >= f.depth) stack.pop()
    const parent = stack.at(-1)
    if (parent) (parent.item.children ??= []).push(item)
    else roots.push(item)
    stack.push({ depth: f.depth, item })
  }
  return roots
}

/** Where an item's block (the item and its descendants) ends. */
export function blockEnd(list: FlatItem[], i: number): number {
  let end = i + 1
  while (end < list.length && list[end]!.depth > list[i]!.depth) end++
  return end
}

/** The start of the previous sibling's block, or -1. */
export function previousSibling(list: FlatItem[], i: number): number {
  const depth = list[i]!.depth
  for (let j = i - 1; j >= 0; j--) {
    if (list[j]!.depth === depth) return j
    if (list[j]!.depth < depth) return -1
  }
  return -1
}

/** The start of the next sibling's block, or -1. */
export function nextSibling(list: FlatItem[], i: number): number {
  const end = blockEnd(list, i)
  return end < list.length && list[end]!.depth === list[i]!.depth ? end : -1
}

export function moveUp(list: FlatItem[], i: number): FlatItem[] {
  const j = previousSibling(list, i)
  if (j < 0) return list
  const end = blockEnd(list, i)
  return [...list.slice(0, j), ...list.slice(i, end), ...list.slice(j, i), ...list.slice(end)]
}

export function moveDown(list: FlatItem[], i: number): FlatItem[] {
  const j = nextSibling(list, i)
  if (j < 0) return list
  const end = blockEnd(list, i)
  const jEnd = blockEnd(list, j)
  return [...list.slice(0, i), ...list.slice(j, jEnd), ...list.slice(i, end), ...list.slice(jEnd)]
}

const shift = (list: FlatItem[], i: number, by: number): FlatItem[] => {
  const end = blockEnd(list, i)
  return list.map((item, k) => (k >= i && k < end ? { ...item, depth: item.depth + by } : item))
}

/** Makes the item (with its sub-items) a child of the sibling above it. */
export function indent(list: FlatItem[], i: number): FlatItem[] {
  if (previousSibling(list, i) < 0) return list
  const end = blockEnd(list, i)
  if (list.slice(i, end).some((item) => item.depth + 1 > MAX_DEPTH)) return list
  return shift(list, i, 1)
}

/** Moves the item (with its sub-items) out one level; siblings below it become its sub-items, as in WordPress. */
export function outdent(list: FlatItem[], i: number): FlatItem[] {
  if (list[i]!.depth === 0) return list
  return shift(list, i, -1)
}

export function remove(list: FlatItem[], i: number): FlatItem[] {
  // Sub-items move up a level, as WordPress does when a parent is removed.
  const end = blockEnd(list, i)
  return [...list.slice(0, i), ...list.slice(i + 1, end).map((item) => ({ ...item, depth: item.depth - 1 })), ...list.slice(end)]
}

/** Drops the dragged item's block before `target` (or at the end for -1), at the target's depth. */
export function moveBlockTo(list: FlatItem[], from: number, target: number): FlatItem[] {
  const end = blockEnd(list, from)
  if (target >= from && target < end) return list
  const block = list.slice(from, end)
  const rest = [...list.slice(0, from), ...list.slice(end)]
  const targetKey = target >= 0 ? list[target]!.key : null
  const at = targetKey ? rest.findIndex((item) => item.key === targetKey) : rest.length
  const depth = targetKey ? rest[at]!.depth : 0
  const by = depth - block[0]!.depth
  return normalise([...rest.slice(0, at), ...block.map((item) => ({ ...item, depth: Math.min(MAX_DEPTH, Math.max(0, item.depth + by)) })), ...rest.slice(at)])
}

/** Depths that make a tree: the first item at the top, and none more than one below the item above it. */
export function normalise(list: FlatItem[]): FlatItem[] {
  let prev = -1
  return list.map((item) => {
    const depth = Math.min(item.depth, prev + 1)
    prev = depth
    return depth === item.depth ? item : { ...item, depth }
  })
}
