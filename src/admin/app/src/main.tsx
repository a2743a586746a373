import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { readBoot } from './boot'
import './styles.css'

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App initial={readBoot()} />
  </StrictMode>,
)
