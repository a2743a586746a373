import { type FormEvent, useEffect, useRef, useState } from 'react'
import { download, errorMessage, get, request } from '../api'
import { can } from '../boot'
import { STATUS_LABELS } from '../posts/types'
import { useSession } from '../session'
import { Notice } from '../ui/Notice'
import './tools.css'

interface Counts {
  imported: number
  skipped: number
  failed: number
}

/** What the server's import job reports (src/admin/import.routes.ts): the CLI's summary at the end. */
interface ImportJob {
  id: string
  file: string
  status: 'running' | 'done' | 'failed'
  phase: 'upload' | 'scan' | 'import'
  done: number
  total: number
  summary: {
    source: string
    authors: Counts
    terms: Counts
    posts: Counts
    pages: Counts
    attachments: Counts
    comments: Counts
    menus: Counts
    ignored: Record<string, number>
    missingFiles: string[]
    warnings: string[]
    seconds: number
  } | null
  error: { code: string; message: string } | null
}

const POLL_MS = 500

/** Tools: bring a WordPress export in, and write this site out as one. Administrators only. */
export function Tools() {
  const { user, boot } = useSession()
  useEffect(() => {
    document.title = `Tools · ${boot.site.title}`
  }, [boot.site.title])
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Tools</h1>
          <p className="page-sub">Move content in from WordPress, or out to it, as a WordPress export file (WXR).</p>
        </div>
      </header>
      {can(user, 'import') && <ImportCard />}
      {can(user, 'export') && <ExportCard />}
    </div>
  )
}

function ImportCard() {
  const [file, setFile] = useState<File | null>(null)
  const [job, setJob] = useState<ImportJob | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  const result = useRef<HTMLDivElement>(null)

  // Polls the running job until it is over.
  useEffect(() => {
    if (!job || job.status !== 'running') return
    let stopped = false
    const timer = setTimeout(() => {
      get<ImportJob>(`/admin/api/tools/import/${job.id}`).then(
        (next) => !stopped && setJob(next),
        (err: unknown) => {
          if (stopped) return
          setError(errorMessage(err))
          setBusy(false)
        },
      )
    }, POLL_MS)
    return () => {
      stopped = true
      clearTimeout(timer)
    }
  }, [job])

  useEffect(() => {
    if (job && job.status !== 'running') {
      setBusy(false)
      result.current?.focus()
    }
  }, [job])

  async function submit(e: FormEvent) {
    e.preventDefault()
    setError('')
    if (!file) {
      setError('Choose a WordPress export file (.xml) first.')
      input.current?.focus()
      return
    }
    setBusy(true)
    setJob(null)
    const form = new FormData()
    form.append('file', file, file.name)
    try {
      const { data } = await request<ImportJob>('/admin/api/tools/import', { method: 'POST', body: form })
      setJob(data)
    } catch (err) {
      setError(errorMessage(err))
      setBusy(false)
    }
  }

  const running = busy || job?.status === 'running'
  return (
    <section className="card" aria-labelledby="import-title">
      <div className="card-head">
        <h2 id="import-title">Import from WordPress</h2>
      </div>
      <p className="muted tools-intro">
        Upload the file WordPress writes under <strong>Tools → Export</strong>. Authors, categories, tags, posts, pages, comments and menus come in; what was imported
        before is skipped. Media files are recorded by their address on the old site: to copy the files too, use <code>pressroom import wxr --uploads</code>.
      </p>
      <form className="stack tools-form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="wxr-file">WordPress export file</label>
          <input
            ref={input}
            id="wxr-file"
            type="file"
            accept=".xml,text/xml,application/xml"
            aria-describedby="wxr-file-help"
            disabled={running}
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
          <span id="wxr-file-help" className="help">An .xml file of up to 512 MB. The import runs as one transaction: it all lands, or nothing does.</span>
        </div>
        <div>
          <button type="submit" className="btn btn-primary" disabled={running}>
            {running ? 'Importing…' : 'Import'}
          </button>
        </div>
      </form>
      {error && <Notice>{error}</Notice>}
      {job?.status === 'running' && <Progress job={job} />}
      <div ref={result} tabIndex={-1} className="tools-result">
        {job?.status === 'failed' && job.error && <Notice>{job.error.message}</Notice>}
        {job?.status === 'done' && job.summary && <Summary job={job} summary={job.summary} />}
      </div>
    </section>
  )
}

function Progress({ job }: { job: ImportJob }) {
  const label = job.phase === 'scan' || !job.total ? `Reading the file: ${job.done.toLocaleString()} items so far` : `Importing: ${job.done.toLocaleString()} of ${job.total.toLocaleString()} items`
  return (
    <div className="tools-progress" role="status" aria-live="polite">
      <span className="small">{label}</span>
      {job.phase === 'import' && job.total ? <progress max={job.total} value={job.done} aria-label="Import progress" /> : <progress aria-label="Import progress" />}
    </div>
  )
}

const ROWS = [
  ['authors', 'Authors'],
  ['terms', 'Categories and tags'],
  ['posts', 'Posts'],
  ['pages', 'Pages'],
  ['attachments', 'Media'],
  ['comments', 'Comments'],
  ['menus', 'Menus'],
] as const

function Summary({ job, summary }: { job: ImportJob; summary: NonNullable<ImportJob['summary']> }) {
  const ignored = Object.entries(summary.ignored)
  return (
    <div className="tools-summary">
      <Notice kind="success">
        Imported <strong>{job.file}</strong>
        {summary.source ? ` from ${summary.source}` : ''} in {summary.seconds} s. <a href="/">View the site</a>
      </Notice>
      <div className="tools-table-wrap">
        <table className="table tools-table">
          <caption className="visually-hidden">What the import did</caption>
          <thead>
            <tr>
              <th scope="col">Content</th>
              <th scope="col">Imported</th>
              <th scope="col">Skipped</th>
              <th scope="col">Failed</th>
            </tr>
          </thead>
          <tbody>
            {ROWS.map(([key, label]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td>{summary[key].imported.toLocaleString()}</td>
                <td>{summary[key].skipped.toLocaleString()}</td>
                <td className={summary[key].failed ? 'tools-failed' : undefined}>{summary[key].failed.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {ignored.length > 0 && (
        <p className="small muted">
          Not imported (Pressroom has no place for them): {ignored.map(([type, n]) => `${type} (${n})`).join(', ')}.
        </p>
      )}
      {summary.missingFiles.length > 0 && (
        <details className="tools-details" open={summary.missingFiles.length <= 10}>
          <summary>
            {summary.missingFiles.length} missing {summary.missingFiles.length === 1 ? 'file' : 'files'}, shown from the old site's address
          </summary>
          <ul className="tools-list">
            {summary.missingFiles.map((url) => (
              <li key={url}>{url}</li>
            ))}
          </ul>
        </details>
      )}
      {summary.warnings.length > 0 && (
        <details className="tools-details">
          <summary>
            {summary.warnings.length} {summary.warnings.length === 1 ? 'warning' : 'warnings'}
          </summary>
          <ul className="tools-list">
            {summary.warnings.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  )
}

function ExportCard() {
  const [type, setType] = useState('all')
  const [status, setStatus] = useState('')
  const [since, setSince] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [done, setDone] = useState('')

  async function submit(e: FormEvent) {
    e.preventDefault()
    setError('')
    setDone('')
    setBusy(true)
    const qs = new URLSearchParams()
    if (type !== 'all') qs.set('type', type)
    if (status) qs.set('status', status)
    if (since) qs.set('since', since)
    try {
      const name = await download(`/admin/api/tools/export${qs.size ? `?${qs}` : ''}`)
      setDone(`Downloaded ${name}.`)
    } catch (err) {
      setError(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="export-title">
      <div className="card-head">
        <h2 id="export-title">Export to WordPress</h2>
      </div>
      <p className="muted tools-intro">A WXR 1.2 file that WordPress's importer (and this one) reads: authors, terms, media, posts and pages with their comments, and menus with a whole-site export.</p>
      <form className="tools-export" onSubmit={submit}>
        <div className="field">
          <label htmlFor="export-type">Content</label>
          <select id="export-type" value={type} onChange={(e) => setType(e.target.value)}>
            <option value="all">All content</option>
            <option value="post">Posts</option>
            <option value="page">Pages</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-status">Status</label>
          <select id="export-status" value={status} onChange={(e) => setStatus(e.target.value)}>
            <option value="">Any status</option>
            {Object.entries(STATUS_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="export-since">Published since</label>
          <input id="export-since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
        </div>
        <div className="tools-export-action">
          <button type="submit" className="btn btn-primary" disabled={busy}>
            {busy ? 'Preparing…' : 'Download export file'}
          </button>
        </div>
      </form>
      {error && <Notice>{error}</Notice>}
      {done && <Notice kind="success">{done}</Notice>}
    </section>
  )
}
