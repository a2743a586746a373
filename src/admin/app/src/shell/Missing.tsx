import { useEffect } from 'react'
import { Link } from '../router'

export function NotFound() {
  useEffect(() => {
    document.title = 'Not found · Pressroom'
  }, [])
  return (
    <div className="page">
      <div className="empty">
        <h1>This screen does not exist</h1>
        <p>The address may be mistyped, or the screen is not part of the admin yet.</p>
        <Link to="/admin" className="btn btn-primary">Go to the dashboard</Link>
      </div>
    </div>
  )
}

export function Forbidden() {
  return (
    <div className="page">
      <div className="empty">
        <h1>Not available to your role</h1>
        <p>Ask an administrator if you need access.</p>
        <Link to="/admin" className="btn">Go to the dashboard</Link>
      </div>
    </div>
  )
}
