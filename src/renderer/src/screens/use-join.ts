import { useEffect, useLayoutEffect, useRef, useState } from 'react'
import type { HostIdentity, SessionInfo } from '../../../shared/bridge'
import { parseInvite } from '../../../shared/invite'
import type { AppError } from '../../../shared/result'
import { bridge, call } from '../bridge'

/** Where a join stands, as the start screen shows it. */
export type JoinStep =
  | { kind: 'idle' }
  | { kind: 'joining' }
  /** The join was refused until the host is trusted: asking the host who it is. */
  | { kind: 'identifying' }
  /** First join of the address: the person compares the host's code. */
  | { kind: 'check-code'; identity: HostIdentity }
  /** The address's pinned certificate is not the one the host shows: a warning, no way on. */
  | { kind: 'code-changed'; address: string; identity: HostIdentity | null }
  /** An "ask me first" host: the join waits at the door until the person hosting answers. */
  | { kind: 'knocking'; hostName: string; cancelling: boolean }

interface JoinCallbacks {
  onStarted(session: SessionInfo): void
  /** Why the last try failed (null: a new try started, nothing to say). */
  onError(error: AppError | null): void
}

/**
 * What the address field holds, as a join target: an address, or an invite link (its address,
 * with the host code it names and the room to enter).
 */
export function joinTarget(text: string): { address: string; fingerprint?: string; room?: string } {
  const trimmed = text.trim()
  const invite = parseInvite(trimmed)
  if (!invite) return { address: trimmed }
  return {
    address: invite.address,
    ...(invite.fingerprint ? { fingerprint: invite.fingerprint } : {}),
    ...(invite.room ? { room: invite.room } : {})
  }
}

/**
 * Joining a host, with everything trust asks on the way: the host's code compared the first
 * time (unless an invite link names it), a warning when it changed, a password, and waiting at
 * the door of an "ask me first" host. `address` is what the form holds now (an address or an
 * invite link): a password asked by one host is not offered to another.
 */
export function useJoin(address: string, callbacks: JoinCallbacks) {
  const [step, setStep] = useState<JoinStep>({ kind: 'idle' })
  const [password, setPassword] = useState('')
  const [passwordFor, setPasswordFor] = useState<string | null>(null)
  const callbacksRef = useRef(callbacks)
  useLayoutEffect(() => {
    callbacksRef.current = callbacks
  })
  // Read by the event listener, registered once, and by the calls that outlive a render.
  const waiting = useRef(false)
  const nicknameRef = useRef('')
  const passwordRef = useRef({ password, passwordFor })
  useLayoutEffect(() => {
    passwordRef.current = { password, passwordFor }
  })
  /**
   * The code the person accepted for an address. Given again on the next tries (a password
   * asked after accepting), in case main pins it only once a join succeeds.
   */
  const accepted = useRef<{ address: string; fingerprint: string } | null>(null)
  /** What the join under way goes to, as the field held it (an address or an invite link). */
  const targetRef = useRef('')

  useEffect(
    () =>
      bridge.onEvent((event) => {
        if (event.type !== 'join:knocking' || !waiting.current) return
        setStep({ kind: 'knocking', hostName: event.payload.hostName, cancelling: false })
      }),
    []
  )

  const identify = async (target: string, refusal: AppError): Promise<void> => {
    setStep({ kind: 'identifying' })
    const r = await call('host:identify', { address: target })
    if (refusal.code === 'HOST_KEY_CHANGED' || (r.ok && r.data.pinned === 'changed')) {
      setStep({ kind: 'code-changed', address: target, identity: r.ok ? r.data : null })
    } else if (r.ok) {
      setStep({ kind: 'check-code', identity: r.data })
    } else {
      setStep({ kind: 'idle' })
      callbacksRef.current.onError(r.error)
    }
  }

  const attempt = async (target: string, acceptFingerprint?: string): Promise<void> => {
    setStep({ kind: 'joining' })
    callbacksRef.current.onError(null)
    const fingerprint =
      acceptFingerprint ??
      (accepted.current?.address === target ? accepted.current.fingerprint : undefined)
    const typed = passwordRef.current
    const withPassword = typed.passwordFor === target && typed.password !== ''
    const { address: hostAddress, fingerprint: inviteFingerprint, room } = joinTarget(target)
    waiting.current = true
    const r = await call('session:join', {
      nickname: nicknameRef.current,
      address: hostAddress,
      ...(withPassword ? { password: typed.password } : {}),
      ...(fingerprint ? { acceptFingerprint: fingerprint } : {}),
      ...(inviteFingerprint ? { inviteFingerprint } : {}),
      ...(room ? { room } : {})
    })
    waiting.current = false
    if (r.ok) {
      callbacksRef.current.onStarted(r.data)
      return
    }
    switch (r.error.code) {
      case 'JOIN_CANCELLED':
        // The person chose to stop: nothing went wrong.
        setStep({ kind: 'idle' })
        return
      case 'HOST_UNVERIFIED':
      case 'HOST_KEY_CHANGED':
        // Whatever was accepted did not hold: the host answering now is to be checked anew.
        accepted.current = null
        await identify(hostAddress, r.error)
        return
      case 'PASSWORD_REQUIRED':
      case 'PASSWORD_WRONG':
        setPasswordFor(target)
        break
    }
    setStep({ kind: 'idle' })
    callbacksRef.current.onError(r.error)
  }

  return {
    step,
    /** The host at the address in the form asked for a password: its field is shown. */
    passwordAsked: passwordFor !== null && passwordFor === address.trim(),
    password,
    setPassword,
    /**
     * Joins what the address field holds, or `target` (a host picked from the list, an invite
     * opened): the caller puts it in the field too, so a password asked shows there.
     */
    join(nickname: string, target: string = address): void {
      if (step.kind !== 'idle') return
      nicknameRef.current = nickname
      targetRef.current = target.trim()
      void attempt(targetRef.current)
    },
    /** The person compared the code and it is the same: join trusting it. */
    accept(fingerprint: string): void {
      if (step.kind !== 'check-code') return
      // Kept under the address as typed, which the join goes to (host:identify's parsed form,
      // "host:port", is only shown).
      const target = targetRef.current
      accepted.current = { address: target, fingerprint }
      void attempt(target, fingerprint)
    },
    /** Closes the code check or the warning without joining. */
    dismiss(): void {
      if (step.kind === 'check-code' || step.kind === 'code-changed') setStep({ kind: 'idle' })
    },
    /** Stops waiting at the door; the pending join then answers JOIN_CANCELLED. */
    cancel(): void {
      if (step.kind !== 'knocking' || step.cancelling) return
      setStep({ ...step, cancelling: true })
      void call('session:cancel-join', {}).then((r) => {
        // Too late to cancel (the host just answered): the join goes on as it was.
        if (!r.ok) setStep((s) => (s.kind === 'knocking' ? { ...s, cancelling: false } : s))
      })
    }
  }
}

export type JoinFlow = ReturnType<typeof useJoin>
