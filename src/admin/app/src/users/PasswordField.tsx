import { useState } from 'react'
import { passwordStrength } from '../auth/strength'

/** A new password with show/hide and the strength meter the setup screen uses. */
export function PasswordField({ id, label, value, onChange, personal, generate }: { id: string; label: string; value: string; onChange: (v: string) => void; personal: string[]; generate?: boolean }) {
  const [show, setShow] = useState(false)
  const strength = passwordStrength(value, personal)
  const make = () => {
    const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'
    const bytes = crypto.getRandomValues(new Uint8Array(20))
    onChange(Array.from(bytes, (b) => alphabet[b % alphabet.length]).join(''))
    setShow(true)
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <div className="input-with-button">
        <input id={id} type={show ? 'text' : 'password'} required minLength={8} autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={`${id}-strength`} />
        <button type="button" className="btn btn-ghost btn-small" onClick={() => setShow(!show)} aria-pressed={show}>
          {show ? 'Hide' : 'Show'}
        </button>
      </div>
      <div className="strength" data-score={value ? strength.score : -1} id={`${id}-strength`} aria-live="polite">
        <div className="strength-bar" aria-hidden="true">
          {[0, 1, 2, 3].map((i) => (
            <span key={i} className={value && strength.score > i ? 'on' : ''} />
          ))}
        </div>
        <p className="help">{value ? <><strong>{strength.label}.</strong> {strength.hint}</> : 'At least 8 characters.'}</p>
      </div>
      {generate && (
        <button type="button" className="link-btn small generate" onClick={make}>
          Generate a strong password
        </button>
      )}
    </div>
  )
}
