import ipaddr from 'ipaddr.js'

/**
 * What the rate limits count a client by: an IPv4 address whole (an IPv4-mapped IPv6 address,
 * `::ffff:192.0.2.1`, as its IPv4), an IPv6 address by its /64 — the network of one subscriber,
 * whose hosts pick any of its 2^64 addresses, so that a budget per address would be no budget
 * at all. Anything that is not an address is taken as written; no address, as ''.
 *
 * @example rateLimitKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 * @example rateLimitKey('::ffff:192.0.2.1') // '192.0.2.1'
 */
export function rateLimitKey(address: string | undefined): string {
  if (address === undefined) return ''
  if (!ipaddr.isValid(address)) return address
  const ip = ipaddr.process(address)
  if (ip.kind() === 'ipv4') return ip.toString()
  const parts = (ip as ipaddr.IPv6).parts.slice(0, 4)
  return `${new ipaddr.IPv6([...parts, 0, 0, 0, 0]).toString()}/64`
}
