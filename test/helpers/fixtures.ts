import type { ConsentReceipt, StoredEvent } from '../../src/store/store.js'

/** The time fixtures default to. */
export const FIXTURE_TIME = Date.parse('2026-03-01T12:00:00.000Z')

let serial = 0
/** A 32-hex id; consecutive calls give increasing ids, so that tie-breaks are predictable. */
export function fixtureId(n = ++serial): string {
  return n.toString(16).padStart(32, '0')
}

/** A valid stored event (a page view from France), with what the test overrides. */
export function storedEvent(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: fixtureId(),
    time: FIXTURE_TIME,
    site: 'example.org',
    type: 'pageview',
    name: '',
    path: '/',
    query: '',
    referrer: '',
    visitor: null,
    country: 'FR',
    device: 'desktop',
    browser: 'Firefox',
    os: 'Linux',
    props: {},
    ...overrides,
  }
}

/** A valid receipt (statistics granted, advertising refused), with what the test overrides. */
export function consentReceipt(overrides: Partial<ConsentReceipt> = {}): ConsentReceipt {
  return {
    id: `r${fixtureId().slice(1)}`,
    time: FIXTURE_TIME,
    site: 'example.org',
    policyVersion: '2026-03',
    granted: ['statistics'],
    refused: ['advertising'],
    deposit: FIXTURE_TIME,
    expires: Date.parse('2027-04-01T12:00:00.000Z'),
    visitor: '1767225600.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    gpc: false,
    ...overrides,
  }
}
