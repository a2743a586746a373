import type { Ref } from 'react'
import { ACCEPTED_IMAGES } from '../editor/media'

/**
 * The hidden input behind an "upload an image" button (the button calls `ref.current.click()`): hands over the
 * chosen file, then empties itself so the same file can be chosen again.
 */
export function ImageFileInput({ ref, onFile, testId }: { ref: Ref<HTMLInputElement>; onFile: (file: File) => void; testId?: string }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={ACCEPTED_IMAGES}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(e) => {
        const f = e.target.files?.[0]
        if (f) onFile(f)
        e.target.value = ''
      }}
    />
  )
}
