import { describe, expect, it } from 'vitest'
import { createRateLimiter, createRateLimits } from '../../src/main/host/rate-limit'
import { RATE_LIMITS } from '../../src/shared/limits'

// The one sliding-window limiter behind every abuse limit of the host (issue 7).

const clock = (start = 1_000_000) => {
  let t = start
  return { now: () => t, advance: (ms: number) => (t += ms) }
}

describe('sliding-window rate limiter', () => {
  it('allows count events per window and says when the oldest leaves it', () => {
    const c = clock()
    const limiter = createRateLimiter({ count: 3, windowMs: 10_000 }, c.now)
    expect(limiter.take('a')).toBe(0)
    c.advance(2_000)
    expect(limiter.take('a')).toBe(0)
    expect(limiter.take('a')).toBe(0)
    expect(limiter.take('a')).toBe(8_000)
    // Refusals record nothing: waiting the answer is always enough.
    c.advance(7_999)
    expect(limiter.take('a')).toBe(1)
    c.advance(1)
    expect(limiter.take('a')).toBe(0)
    expect(limiter.take('a')).toBe(2_000)
    // Other keys are not affected.
    expect(limiter.take('b')).toBe(0)
  })

  it('wait() peeks without recording', () => {
    const c = clock()
    const limiter = createRateLimiter({ count: 1, windowMs: 5_000 }, c.now)
    expect(limiter.wait('a')).toBe(0)
    expect(limiter.wait('a')).toBe(0)
    expect(limiter.take('a')).toBe(0)
    c.advance(1_000)
    expect(limiter.wait('a')).toBe(4_000)
  })

  it('prunes keys nobody used for a window, so one-off keys cannot grow memory', () => {
    const c = clock()
    const limiter = createRateLimiter({ count: 5, windowMs: 1_000 }, c.now)
    for (let i = 0; i < 10_000; i++) limiter.take(`address-${i}`)
    expect(limiter.size).toBe(10_000)
    c.advance(1_000)
    limiter.take('fresh')
    expect(limiter.size).toBe(1)
  })

  it('keeps a busy key compact under a high count', () => {
    const c = clock()
    const limiter = createRateLimiter({ count: 1_000_000, windowMs: 100 }, c.now)
    const started = performance.now()
    let refused = 0
    for (let i = 0; i < 200_000; i++) {
      if (limiter.take('busy') > 0) refused++
      c.advance(1)
    }
    expect(refused).toBe(0)
    // Linear, not quadratic: a generous bound that only a per-take scan of the window would miss.
    expect(performance.now() - started).toBeLessThan(5_000)
  })

  it('counts one event against several rules only when all allow it', () => {
    const c = clock()
    const limits = createRateLimits(
      {
        ...RATE_LIMITS,
        messagesPerIdentity: { count: 2, windowMs: 10_000 },
        messagesPerAddress: { count: 3, windowMs: 20_000 }
      },
      c.now
    )
    const send = (user: string) =>
      limits.takeAll([
        ['messagesPerIdentity', user],
        ['messagesPerAddress', '10.0.0.5']
      ])
    expect(send('ana')).toBe(0)
    expect(send('ana')).toBe(0)
    expect(send('ana')).toBe(10_000)
    // Ana's refusal did not use up the address: Bia gets the third one, then the address is full.
    expect(send('bia')).toBe(0)
    c.advance(5_000)
    expect(send('bia')).toBe(15_000)
    expect(limits.wait('messagesPerIdentity', 'bia')).toBe(0)
  })
})
