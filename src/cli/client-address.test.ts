import { describe, expect, it } from 'vitest'
import { createClientAddress } from './client-address.js'

const socketOf = (remoteAddress: string) => ({ incoming: { socket: { remoteAddress } } })
const request = (xff?: string) =>
  new Request('http://collector/api/event', xff ? { headers: { 'x-forwarded-for': xff } } : {})

describe('createClientAddress', () => {
  it('uses the socket peer, and ignores X-Forwarded-For unless a proxy is trusted', () => {
    const address = createClientAddress(false)
    expect(address(request('1.2.3.4'), socketOf('203.0.113.9'))).toBe('203.0.113.9')
  })

  it('behind a trusted proxy, takes the entry the proxy appended, not what the client wrote', () => {
    const address = createClientAddress(true)
    expect(address(request('1.2.3.4, 203.0.113.9'), socketOf('10.0.0.1'))).toBe('203.0.113.9')
    expect(address(request(' 198.51.100.7 '), socketOf('10.0.0.1'))).toBe('198.51.100.7')
    expect(address(request(), socketOf('10.0.0.1'))).toBe('10.0.0.1')
  })

  it('has no address when the request came without a socket (in-process)', () => {
    expect(createClientAddress(false)(request(), undefined)).toBeUndefined()
  })
})
