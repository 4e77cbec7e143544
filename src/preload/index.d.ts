import type { PapoBridge } from '../shared/bridge'

declare global {
  interface Window {
    papo: PapoBridge
  }
}

export {}
