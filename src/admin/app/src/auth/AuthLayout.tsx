import type { ReactNode } from 'react'

export function AuthLayout({ siteTitle, title, intro, children, footer }: { siteTitle: string; title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <div className="auth">
      <main className="auth-card" id="main">
        <div className="auth-brand">
          <span className="brand-mark" aria-hidden="true">P</span>
          <span>{siteTitle}</span>
        </div>
        <h1>{title}</h1>
        {intro && <div className="auth-intro">{intro}</div>}
        {children}
      </main>
      {footer && <div className="auth-footer">{footer}</div>}
    </div>
  )
}
