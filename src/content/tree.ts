/** A node of a tree kept as parent links: categories, pages. */
export interface TreeNode {
  readonly slug: string
  readonly parent_id: number | null
}

/**
 * The slugs from the root down to `node` (`['world', 'europe']`), as WordPress builds category and page paths.
 * A loop in the tree (which the services prevent) must not hang a page, so the walk is bounded.
 */
export function slugPath(node: TreeNode, byId: ReadonlyMap<number, TreeNode>): string[] {
  const slugs = [node.slug]
  for (let parent = node.parent_id, guard = 0; parent !== null && guard < 50; guard++) {
    const found = byId.get(parent)
    if (!found) break
    slugs.unshift(found.slug)
    parent = found.parent_id
  }
  return slugs
}
