import v8 from 'node:v8'

/**
 * How much the old generation may grow past what a full collection left alive before the next one, in
 * percent. V8 picks a factor of up to 4× by itself: an import's live set is small (ids, a batch of rows) but
 * its garbage is plenty, and with V8's factor a 100,000-post import reached 528 MB of resident memory.
 */
export const IMPORT_HEAP_GROWING_PERCENT = 50

/**
 * Sets V8's heap for a bulk import: the old generation is held closer to what is alive (more frequent, cheap
 * full collections): ~85 MB less at 30,000 posts, for a few percent of CPU. Process-wide, so only a process that
 * runs an import and exits (the `pressroom import wxr` command) calls this; a server has its own setting
 * (src/cli/v8-flags.ts). The young generation's size cannot be set here: V8 fixes its bounds when the process
 * starts (`--max-semi-space-size` works only as an option of node itself).
 */
export function tuneHeapForImport(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${IMPORT_HEAP_GROWING_PERCENT}`)
}
