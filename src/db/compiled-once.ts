import { type Compilable, type CompiledQuery, createQueryId } from 'kysely'
import type { Db } from './database.js'

/** Where a value goes in a query compiled once: filled from the argument of that name each time it runs. */
class Slot {
  constructor(readonly name: string) {}
}

interface Compiled {
  query: CompiledQuery
  /** The argument each parameter is taken from, in the order the SQL binds them. */
  names: string[]
}

/**
 * The compiled forms of each query, by the database's adapter (one per kind of database, shared by its
 * transactions): the SQL of a query depends on the dialect, not on the connection. A cache, not a singleton:
 * what is in it follows from the code alone.
 */
const compiled = new WeakMap<object, Map<string, Compiled>>()

/**
 * A statement run many times in a row (an import's hot path) that Kysely builds and compiles once per
 * database kind and `shape`, and then only runs with new values: building and compiling a 19-column insert cost
 * more than SQLite's running it. `build` receives `arg(name)`, to use where the value goes; every value the
 * query binds must come from an `arg` (a constant too), and `shape` tells apart forms of different SQL
 * (a row count, an optional condition).
 */
export function compiledOnce<A extends Record<string, unknown>, R>(
  key: string,
  build: (db: Db, arg: <K extends keyof A & string>(name: K) => A[K], shape: number) => Compilable<R>,
) {
  return async (db: Db, args: A, shape = 0): Promise<R[]> => {
    const adapter = db.getExecutor().adapter
    let queries = compiled.get(adapter)
    if (!queries) compiled.set(adapter, (queries = new Map()))
    const id = `${key} ${shape}`
    let entry = queries.get(id)
    if (!entry) {
      const query = build(db, (name) => new Slot(name) as never, shape).compile() as CompiledQuery
      const names = query.parameters.map((p) => {
        if (!(p instanceof Slot)) throw new Error(`${key}: every value of a query compiled once must be an argument`)
        return p.name
      })
      queries.set(id, (entry = { query, names }))
    }
    const parameters = entry.names.map((name) => args[name])
    const result = await db.executeQuery<R>({ ...entry.query, parameters, queryId: createQueryId() } as CompiledQuery<R>)
    return result.rows
  }
}
