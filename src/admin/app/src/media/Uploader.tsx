import { type DragEvent, useRef, useState } from 'react'
import { errorMessage } from '../api'
import { Icon } from '../ui/Icon'
import { ACCEPTED_FILES, type LibraryItem, uploadWithProgress } from './library'

interface Upload {
  key: number
  name: string
  progress: number
  error: string
  done: boolean
}

const AT_ONCE = 3
let keys = 0

/** The upload area: a button and a drop zone, many files at once, each with its own progress. */
export function Uploader({ onUploaded }: { onUploaded: (item: LibraryItem) => void }) {
  const [uploads, setUploads] = useState<Upload[]>([])
  const [dragging, setDragging] = useState(false)
  const input = useRef<HTMLInputElement>(null)

  const patch = (key: number, changes: Partial<Upload>) => setUploads((list) => list.map((u) => (u.key === key ? { ...u, ...changes } : u)))

  async function start(files: File[]) {
    const queued = files.map((file) => ({ file, key: ++keys }))
    // Made now: the state updater may run later, after the queue below has been emptied.
    const rows = queued.map(({ file, key }) => ({ key, name: file.name, progress: 0, error: '', done: false }))
    setUploads((list) => [...rows, ...list.filter((u) => !u.done || u.error)])
    // A few at a time: the server makes image sizes for each one.
    const next = async (): Promise<void> => {
      const job = queued.shift()
      if (!job) return
      try {
        const item = await uploadWithProgress(job.file, (fraction) => patch(job.key, { progress: fraction }))
        patch(job.key, { progress: 1, done: true })
        onUploaded(item)
      } catch (err) {
        patch(job.key, { error: errorMessage(err), done: true })
      }
      return next()
    }
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, queued.length) }, next))
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    const files = [...e.dataTransfer.files]
    if (files.length) void start(files)
  }

  return (
    <section className="uploader" aria-label="Upload files">
      <div
        className={`drop-zone${dragging ? ' dragging' : ''}`}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <Icon name="upload" size={22} />
        <p>Drop files here to upload, or</p>
        <button type="button" className="btn btn-primary" onClick={() => input.current?.click()}>
          Select files
        </button>
        <p className="help">JPEG, PNG, GIF, WebP, AVIF, PDF, MP4 or MP3, up to 32 MB each.</p>
        <input
          ref={input}
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          hidden
          aria-label="Files to upload"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])]
            e.target.value = ''
            if (files.length) void start(files)
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="upload-list" aria-label="Uploads">
          {uploads.map((u) => (
            <li key={u.key} className={u.error ? 'upload-failed' : u.done ? 'upload-done' : undefined}>
              <span className="upload-name">{u.name}</span>
              <progress max={100} value={Math.round(u.progress * 100)} aria-label={`Uploading ${u.name}`} />
              <span className="upload-state" role="status">
                {u.error ? u.error : u.done ? 'Uploaded' : `${Math.round(u.progress * 100)}%`}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
