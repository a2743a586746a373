const COMMON = ['password', '123456', 'qwerty', 'letmein', 'welcome', 'admin', 'iloveyou', 'monkey', 'dragon', 'abc123', 'pressroom', 'wordpress']

export interface Strength {
  score: 0 | 1 | 2 | 3 | 4
  label: string
  hint: string
}

const LABELS = ['Very weak', 'Weak', 'Fair', 'Good', 'Strong'] as const

/**
 * A quick estimate of how hard a password is to guess: its length and variety, less the usual patterns (common
 * words, repeats, sequences, the person's own name or email). Guidance, not a rule: the server needs 8 characters.
 */
export function passwordStrength(password: string, personal: string[] = []): Strength {
  if (!password) return { score: 0, label: 'Too short', hint: 'Use at least 8 characters.' }
  const lower = password.toLowerCase()
  let pool = 0
  if (/[a-z]/.test(password)) pool += 26
  if (/[A-Z]/.test(password)) pool += 26
  if (/\d/.test(password)) pool += 10
  if (/[^a-zA-Z0-9]/.test(password)) pool += 33
  const unique = new Set(password).size
  let bits = Math.log2(Math.max(pool, 2)) * Math.min(password.length, unique * 2.5)
  if (COMMON.some((w) => lower.includes(w))) bits -= 20
  for (const p of personal.map((s) => s.toLowerCase().split('@')[0] ?? '').filter((s) => s.length >= 3)) if (lower.includes(p)) bits -= 15
  if (/(.)\1{2,}/.test(password)) bits -= 10
  if (/(?:abc|bcd|cde|123|234|345|456|567|678|789|890|qwe|wer|asd)/i.test(password)) bits -= 8
  if (password.length < 8) return { score: 0, label: 'Too short', hint: `${8 - password.length} more character${password.length === 7 ? '' : 's'} needed.` }
  const score = bits < 28 ? 1 : bits < 45 ? 2 : bits < 60 ? 3 : 4
  const hint = score >= 4 ? 'Hard to guess. Well done.' : score === 3 ? 'Good. A few more words make it stronger.' : 'Easy to guess: try a longer phrase of unrelated words.'
  return { score: score as Strength['score'], label: LABELS[score]!, hint }
}
