import UAParser from 'ua-parser-js'

/** What is kept of a user agent: families only, never versions (a version narrows a crowd). */
export interface UserAgentSummary {
  readonly device: 'desktop' | 'mobile' | 'tablet' | 'other'
  /** Browser family ('Chrome', 'Firefox', 'Mobile Safari'…), '' when unknown. */
  readonly browser: string
  /** OS family ('Windows', 'iOS', 'Android'…), '' when unknown. */
  readonly os: string
}

/** OSes that, without a device type, mean a desktop or laptop computer. */
const DESKTOP_OS = new Set([
  'Windows',
  'Mac OS',
  'macOS',
  'Linux',
  'Ubuntu',
  'Debian',
  'Fedora',
  'Chromium OS',
  'FreeBSD',
  'OpenBSD',
  'NetBSD',
  'Mint',
  'Arch',
  'Gentoo',
  'SUSE',
  'Solaris',
])

/**
 * Reduces a user agent to device class, browser family and OS family with ua-parser-js.
 *
 * @example
 * describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) … Mobile/15E148 Safari/604.1')
 * // { device: 'mobile', browser: 'Mobile Safari', os: 'iOS' }
 */
export function describeUserAgent(userAgent: string): UserAgentSummary {
  const result = new UAParser(userAgent).getResult()
  const browser = family(result.browser.name)
  const os = family(result.os.name)
  const type = result.device.type
  const device =
    type === 'mobile' || type === 'tablet'
      ? type
      : type === undefined && DESKTOP_OS.has(os)
        ? 'desktop'
        : 'other'
  return { device, browser, os }
}

/**
 * A family name fit to store: short, printable; anything odd becomes unknown. The parser's names
 * are fixed words today; this keeps a later parser's surprise out of the store.
 *
 * @example
 * family('Mobile Safari') // 'Mobile Safari'
 * family('<b>') // ''
 */
export function family(name: string | undefined): string {
  return name !== undefined && /^[\w .\-/]{1,40}$/.test(name) ? name : ''
}
