import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode } from 'kysely'

/**
 * SQLite's `explain query plan` of each statement `run` sends through the database it is given (a copy of `db`
 * that records them), in order. Subqueries pass through `transformQuery` too; only statements that ran get a
 * result, so only those are explained.
 */
export async function sqlitePlansOf<DB>(db: Kysely<DB>, run: (recording: Kysely<DB>) => Promise<unknown>): Promise<string[]> {
  const built = new Map<unknown, RootOperationNode>()
  const nodes: RootOperationNode[] = []
  const recorder: KyselyPlugin = {
    transformQuery: (args) => {
      built.set(args.queryId, args.node)
      return args.node
    },
    transformResult: async (args) => {
      nodes.push(built.get(args.queryId)!)
      return args.result
    },
  }
  await run(db.withPlugin(recorder))
  const plans: string[] = []
  for (const node of nodes) {
    const compiled = db.getExecutor().compileQuery(node, { queryId: 'plan' })
    const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${compiled.sql}`, [...compiled.parameters]))
    plans.push(rows.map((r) => r.detail).join('\n'))
  }
  return plans
}
