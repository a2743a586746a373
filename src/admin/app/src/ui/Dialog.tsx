import { type ReactNode, useEffect, useId, useRef } from 'react'

/** A modal dialog on the native <dialog>: focus is trapped and Escape cancels, as browsers do it. */
export function Dialog({ open, title, children, onClose, actions, className = 'dialog' }: { open: boolean; title: string; children: ReactNode; onClose: () => void; actions: ReactNode; className?: string }) {
  const ref = useRef<HTMLDialogElement>(null)
  const id = useId()
  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (open && !el.open) el.showModal()
    if (!open && el.open) el.close()
  }, [open])
  return (
    <dialog ref={ref} className={className} aria-labelledby={`${id}-title`} onClose={onClose} onCancel={(e) => (e.preventDefault(), onClose())}>
      {open && (
        <div className="dialog-body">
          <h2 id={`${id}-title`}>{title}</h2>
          <div className="dialog-content">{children}</div>
          <div className="dialog-actions">{actions}</div>
        </div>
      )}
    </dialog>
  )
}
