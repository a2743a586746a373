import type { Db } from '../db/index.js'

export type LegacyKind = 'post' | 'media' | 'comment' | 'term' | 'user'

export interface LegacyRow {
  kind: LegacyKind
  source: string
  old_id: string
  new_id: number
  guid?: string
  old_path?: string
}

/** What the importer remembers of WordPress: old ids of imported rows, and metadata without a column. */
export function createWxrRepo(db: Db) {
  return {
    find: (kind: LegacyKind, source: string, oldId: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('source', '=', source).where('old_id', '=', oldId).executeTakeFirst(),
    findByGuid: (kind: LegacyKind, guid: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('guid', '=', guid).orderBy('new_id').executeTakeFirst(),
    findByPath: (kind: LegacyKind, source: string, oldPath: string) =>
      db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('old_path', '=', oldPath).where('source', '=', source).executeTakeFirst(),
    /** The old WordPress id of imported rows, by new id (for export and redirects). */
    byNewIds: async (kind: LegacyKind, ids: readonly number[]) =>
      ids.length ? db.selectFrom('wxr_ids').selectAll().where('kind', '=', kind).where('new_id', 'in', ids).execute() : [],
    remember: async (row: LegacyRow) => {
      const values = { guid: '', old_path: '', ...row }
      await db
        .insertInto('wxr_ids')
        .values(values)
        .onConflict((oc) => oc.columns(['kind', 'source', 'old_id']).doUpdateSet({ new_id: values.new_id, guid: values.guid, old_path: values.old_path }))
        .execute()
    },
    addMeta: async (kind: LegacyKind, objectId: number, meta: readonly { key: string; value: string }[]) => {
      if (!meta.length) return
      await db.insertInto('wxr_meta').values(meta.map((m) => ({ kind, object_id: objectId, meta_key: m.key, meta_value: m.value }))).execute()
    },
    metaOf: (kind: LegacyKind, objectIds: readonly number[]) =>
      objectIds.length
        ? db.selectFrom('wxr_meta').selectAll().where('kind', '=', kind).where('object_id', 'in', objectIds).orderBy('object_id').execute()
        : Promise.resolve([]),
    exists: async (table: 'posts' | 'media' | 'comments' | 'terms' | 'users', id: number) =>
      !!(await db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst()),
  }
}

export type WxrRepo = ReturnType<typeof createWxrRepo>

/** Rows of a kind written in one statement: far below both databases' limits on bound parameters. */
export const BATCH_ROWS = 500

type MetaRow = { kind: LegacyKind; object_id: number; meta_key: string; meta_value: string }

/**
 * The import's own view of `wxr_ids` and `wxr_meta`: what it remembers is kept and written a few hundred rows
 * per statement instead of one statement a row (two of the ~14 statements each post cost), and `find` answers
 * from what this import remembered, asking the database only about a source it imported from before. Reads
 * that need the rows in the database (by GUID, by path when the source is not new) write what is waiting first.
 *
 * Rows remembered while an item is open (`beginItem`) are kept apart until `endItem(true)`; `endItem(false)`
 * forgets them, as rolling back the item's savepoint undoes its writes. A failed write fails the import.
 */
export function createImportWxrRepo(db: Db, batchRows = BATCH_ROWS) {
  const repo = createWxrRepo(db)
  const ids = new Map<string, Required<LegacyRow>>()
  const meta: MetaRow[] = []
  /** New ids this import remembered, by source, then kind and old id (`post 12`) or kind and old path (`post /a/`). */
  const remembered = new Map<string, Map<string, number>>()
  const byPath = new Map<string, Map<string, number>>()
  /** Whether a source has rows from an earlier import (known once asked, before this import wrote any). */
  const priorSources = new Map<string, boolean>()
  let item: { ids: Required<LegacyRow>[]; undo: (() => void)[]; meta: MetaRow[] } | null = null

  const mapOf = (maps: Map<string, Map<string, number>>, source: string) => {
    let map = maps.get(source)
    if (!map) maps.set(source, (map = new Map()))
    return map
  }

  async function flush(): Promise<void> {
    const rows = [...ids.values()]
    ids.clear()
    for (let i = 0; i < rows.length; i += batchRows) {
      await db
        .insertInto('wxr_ids')
        .values(rows.slice(i, i + batchRows))
        .onConflict((oc) => oc.columns(['kind', 'source', 'old_id']).doUpdateSet((eb) => ({ new_id: eb.ref('excluded.new_id'), guid: eb.ref('excluded.guid'), old_path: eb.ref('excluded.old_path') })))
        .execute()
    }
    const metaRows = meta.splice(0)
    for (let i = 0; i < metaRows.length; i += batchRows) await db.insertInto('wxr_meta').values(metaRows.slice(i, i + batchRows)).execute()
  }

  /** Rows of a closed item (or remembered outside one) join the next statement. */
  async function queue(rows: Required<LegacyRow>[], metaRows: MetaRow[]): Promise<void> {
    for (const row of rows) {
      const key = `${row.kind} ${row.source} ${row.old_id}`
      // One statement may not upsert a key twice: the later row wins, as it would have.
      ids.delete(key)
      ids.set(key, row)
    }
    for (const row of metaRows) meta.push(row)
    if (ids.size >= batchRows || meta.length >= batchRows) await flush()
  }

  async function hadRowsBefore(source: string): Promise<boolean> {
    let prior = priorSources.get(source)
    if (prior === undefined) {
      // Asked after this import wrote rows of the source: they count too, and the database is asked every time.
      await flush()
      prior = !!(await db.selectFrom('wxr_ids').select('new_id').where('source', '=', source).limit(1).executeTakeFirst())
      priorSources.set(source, prior)
    }
    return prior
  }

  return {
    ...repo,
    /** Looks once whether this source was imported before, while nothing of it is remembered yet. */
    primeSource: async (source: string) => {
      if (!priorSources.has(source) && !remembered.has(source)) await hadRowsBefore(source)
    },
    find: async (kind: LegacyKind, source: string, oldId: string): Promise<{ new_id: number } | undefined> => {
      const mine = remembered.get(source)?.get(`${kind} ${oldId}`)
      if (mine !== undefined) return { new_id: mine }
      return (await hadRowsBefore(source)) ? repo.find(kind, source, oldId) : undefined
    },
    findByGuid: async (kind: LegacyKind, guid: string) => {
      await flush()
      return repo.findByGuid(kind, guid)
    },
    findByPath: async (kind: LegacyKind, source: string, oldPath: string): Promise<{ new_id: number } | undefined> => {
      if (!(await hadRowsBefore(source))) {
        const mine = byPath.get(source)?.get(`${kind} ${oldPath}`)
        return mine === undefined ? undefined : { new_id: mine }
      }
      await flush()
      return repo.findByPath(kind, source, oldPath)
    },
    byNewIds: async (kind: LegacyKind, newIds: readonly number[]) => {
      await flush()
      return repo.byNewIds(kind, newIds)
    },
    metaOf: async (kind: LegacyKind, objectIds: readonly number[]) => {
      await flush()
      return repo.metaOf(kind, objectIds)
    },
    remember: async (input: LegacyRow) => {
      const row: Required<LegacyRow> = { guid: '', old_path: '', ...input }
      const ids = mapOf(remembered, row.source)
      const key = `${row.kind} ${row.old_id}`
      const before = ids.get(key)
      ids.set(key, row.new_id)
      const paths = mapOf(byPath, row.source)
      const pathKey = row.old_path ? `${row.kind} ${row.old_path}` : ''
      const newPath = !!pathKey && !paths.has(pathKey)
      if (newPath) paths.set(pathKey, row.new_id)
      if (!item) return queue([row], [])
      item.ids.push(row)
      item.undo.push(() => {
        if (before === undefined) ids.delete(key)
        else ids.set(key, before)
        if (newPath) paths.delete(pathKey)
      })
    },
    addMeta: async (kind: LegacyKind, objectId: number, rows: readonly { key: string; value: string }[]) => {
      const metaRows = rows.map((m) => ({ kind, object_id: objectId, meta_key: m.key, meta_value: m.value }))
      if (item) item.meta.push(...metaRows)
      else await queue([], metaRows)
    },
    /** Runs `undo` if the item now open is undone (its savepoint rolled back); nothing outside an item. */
    whenUndone: (undo: () => void) => {
      item?.undo.push(undo)
    },
    /** What is remembered from now until `endItem` belongs to one item, kept or undone with it. */
    beginItem: () => {
      item = { ids: [], undo: [], meta: [] }
    },
    endItem: async (kept: boolean) => {
      const done = item
      item = null
      if (!done) return
      if (kept) await queue(done.ids, done.meta)
      else for (const undo of done.undo.reverse()) undo()
    },
    /** Writes what is waiting: before the import reads the tables in other ways, and at its end. */
    flush,
  }
}

export type ImportWxrRepo = ReturnType<typeof createImportWxrRepo>

/**
 * The old WordPress id a `?p=ID` (or `?page_id=ID`) asks for, as the site's redirect needs it: the newest
 * import wins when several sites were imported.
 */
export async function findImportedPostId(db: Db, oldId: string): Promise<number | undefined> {
  const row = await db.selectFrom('wxr_ids').select('new_id').where('kind', '=', 'post').where('old_id', '=', oldId).orderBy('new_id', 'desc').executeTakeFirst()
  return row?.new_id
}
