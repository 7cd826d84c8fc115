import { describe, expect, it } from 'vitest'
import { toReturnPath } from './to-return-path.js'

describe('toReturnPath (the view a login returns to)', () => {
  it('keeps the dashboard page with its query string: site, period, filters', () => {
    for (const view of [
      '/dashboard',
      '/dashboard?site=demo.temoin.example',
      '/dashboard?site=a.example&from=2026-10-01&to=2026-10-31&interval=week&filter.page=%2Fa%3Fb',
      // A filter value may itself look like a URL: it stays a parameter of our own page.
      '/dashboard?site=a.example&filter.referrer=https%3A%2F%2Fevil.example',
      '/dashboard?site=a.example&filter.page=//evil.example',
    ]) {
      expect(toReturnPath(view), view).toBe(view)
    }
  })

  it('refuses every other place, sending the login to /dashboard', () => {
    for (const evil of [
      null,
      undefined,
      '',
      'dashboard',
      '//evil.example',
      '//evil.example/dashboard',
      '///evil.example',
      'https://evil.example',
      'https://evil.example/dashboard?site=a',
      'http:/evil.example',
      'javascript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      '/\\evil.example',
      '/\\/evil.example',
      '\\\\evil.example',
      '/dashboard\\..\\..\\evil.example',
      '/\t/evil.example',
      '/dashboard\n//evil.example',
      ' /dashboard',
      '/dashboard/../evil',
      '/dashboard/..%2F..%2Fevil',
      '/dashboard%2F..%2F..%2F%2Fevil.example',
      '%2F%2Fevil.example',
      '%2f%2fevil.example',
      '/%2F%2Fevil.example',
      '/%5Cevil.example',
      '/dashboard@evil.example',
      '/dashboard.evil.example',
      '/dashboardx',
      '/dashboard/login',
      '/dashboard/logout',
      '/dashboard/assets/dashboard.js',
      '/api/stats/summary?site=a.example',
      '/',
      `/dashboard?site=${'a'.repeat(40_000)}`,
      // What the text rule refuses (a lone surrogate, a noncharacter, a C1 control) is no view.
      '/dashboard?site=\ud800',
      '/dashboard?site=a\ufffe',
      '/dashboard?site=a\u0085',
      '/dashboard?site=a b',
    ]) {
      expect(toReturnPath(evil), String(evil)).toBe('/dashboard')
    }
  })

  it('answers only paths that a browser resolves on this origin, to the dashboard page', () => {
    const kept = toReturnPath('/dashboard?site=a.example#x')
    const resolved = new URL(kept, 'https://stats.example/dashboard/login?next=x')
    expect(resolved.origin).toBe('https://stats.example')
    expect(resolved.pathname).toBe('/dashboard')
    expect(resolved.searchParams.get('site')).toBe('a.example')
  })
})
