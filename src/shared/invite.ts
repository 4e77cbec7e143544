import { formatAddress, parseAddress } from './address'
import { FINGERPRINT_PATTERN, normalizeShortCode, shortCode } from './fingerprint'
import { isRoomCode, normalizeRoomCode } from './room-code'

/**
 * Invite links: `papo://join?host=192.168.0.12:4747&room=K7MQ2X&fp=<64 hex>`. `host` is
 * required; `room` (a room code) and `fp` (the certificate fingerprint, or its short code) are
 * optional. A link carrying `fp` came from the host's own screen (a QR code read across the
 * room, a link pasted by someone who was there), so it stands in for comparing the code by eye;
 * a host that does not show that certificate is refused (INVITE_MISMATCH).
 */
export const INVITE_SCHEME = 'papo'

export interface Invite {
  /** `host:port` as formatAddress writes it. */
  address: string
  /** A room code (normalized), or null for the host alone. */
  room: string | null
  /** 64 hex digits, or a short code "XXXX-XXXX-XXXX-XXXX"; null when the link has none. */
  fingerprint: string | null
}

/** Longest link accepted: a real one is under 150 characters. */
export const INVITE_MAX_LENGTH = 512

export function formatInvite(invite: {
  address: string
  room?: string | null
  fingerprint?: string | null
}): string {
  const params = new URLSearchParams({ host: invite.address })
  if (invite.room) params.set('room', invite.room)
  if (invite.fingerprint) params.set('fp', invite.fingerprint)
  return `${INVITE_SCHEME}://join?${params.toString()}`
}

/**
 * Parses an invite link (also `papo:join?…` and `papo://join/?…`, as some systems hand them
 * over); null when it is not one, or any part of it is malformed.
 */
export function parseInvite(text: string): Invite | null {
  const trimmed = text.trim()
  if (trimmed.length === 0 || trimmed.length > INVITE_MAX_LENGTH) return null
  const match = /^papo:(?:\/\/)?join\/?\?(.*)$/is.exec(trimmed)
  if (!match) return null
  let params: URLSearchParams
  try {
    params = new URLSearchParams(match[1])
  } catch {
    return null
  }
  const host = params.get('host')
  const address = host ? parseAddress(host) : null
  if (!address) return null
  const roomText = params.get('room')
  if (roomText !== null && !isRoomCode(roomText)) return null
  const fpText = params.get('fp')
  let fingerprint: string | null = null
  if (fpText !== null) {
    const lower = fpText.toLowerCase()
    if (FINGERPRINT_PATTERN.test(lower)) fingerprint = lower
    else {
      const code = normalizeShortCode(fpText)
      if (!/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(code)) return null
      fingerprint = code
    }
  }
  return {
    address: formatAddress(address),
    room: roomText === null ? null : normalizeRoomCode(roomText),
    fingerprint
  }
}

/** Whether the host's certificate fingerprint (hex) is the one an invite names. */
export function inviteMatches(inviteFingerprint: string, actual: string): boolean {
  return FINGERPRINT_PATTERN.test(inviteFingerprint)
    ? inviteFingerprint === actual
    : inviteFingerprint === shortCode(actual)
}
