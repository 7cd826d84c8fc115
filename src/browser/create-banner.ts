import type { BrowserChange, BrowserConfig, BrowserPurpose } from '../protocol/browser-config.js'
import type { TextKey } from './banner-texts.js'
import { h } from './h.js'
import type { Language } from './pick-language.js'
import { safe } from './safe.js'

/** The dialog's controls. */
export interface Banner {
  /** Shows layer 1 (first) or 2 (choices); `closes`: Back and Esc close it instead of going to layer 1. */
  show(layer: 1 | 2, closes?: boolean): void
  close(): void
  /**
   * Shows the notice of a policy change (`#temoin-notice`, role=status, not modal): its summary,
   * the privacy link and OK, which closes it and calls `onClose` (the choice cookie remembers it).
   * A legal page's change (`url`) shows its summary as the link to its comparison page, and calls
   * `onClose` at once: it is shown once.
   */
  notify(change: BrowserChange, onClose: () => void): void
}

/**
 * The consent dialog (`#temoin-banner`, role=dialog, aria-modal). Layer 1: a short text naming
 * the purposes, the privacy link, Accept all / Refuse all / Choose. Layer 2: Back, the GPC note,
 * one switch per purpose (off unless granted) with its description and recipients, Accept all /
 * Refuse all / Save. When a policy change asks again for some purposes only, both layers show
 * those alone (Accept all and Refuse all are about them). While open, Tab and Shift+Tab wrap inside; focus starts on the first
 * button and returns where it was on close. Esc leaves layer 2.
 *
 * @example
 * const banner = createBanner(config, language, false, () => [], decide, [])
 * banner.show(1)
 */
export function createBanner(
  config: BrowserConfig,
  language: Language,
  /** Show the Global Privacy Control note in the second layer. */
  gpc: boolean,
  /** The purposes granted by the current choice ([] when none): the switches reflect them. */
  granted: () => readonly string[],
  /** Records a decision: these purposes granted, every other one shown refused. */
  decide: (granted: readonly string[]) => void,
  /** The purposes asked for (read at each show): those a policy change asks again for, else [] for all. */
  asked: readonly string[],
): Banner {
  const { t, local } = language
  let dialog: HTMLElement | null = null
  let returnTo: Element | null = null
  let layer = 0
  let closes = false
  const shown = () => config.purposes.filter((p) => !asked.length || asked.includes(p.id))

  // The buttons' texts are keyed by their action.
  const row = (...actions: TextKey[]) =>
    h(
      'div',
      { class: 'temoin-r' },
      ...actions.map((a) => h('button', { class: 'temoin-b', 'data-temoin-action': a }, t[a])),
    )

  // A text followed by the link to the privacy page.
  const text = (s: string) =>
    h('p', {}, s + ' ', h('a', { href: local(config.privacyUrl) }, t.privacy))

  const purpose = (p: BrowserPurpose) => {
    const id = 'temoin-d-' + p.id
    const input = h('input', {
      type: 'checkbox',
      role: 'switch',
      'data-purpose': p.id,
      'aria-describedby': id,
    }) as HTMLInputElement
    input.checked = granted().includes(p.id)
    return [
      h('label', {}, input, ' ' + local(p.title, p.id)),
      h(
        'div',
        { id },
        h('p', {}, local(p.description)),
        p.recipients.length > 0 && h('p', {}, t.recipients + p.recipients.join(', ')),
        p.exempt && h('p', {}, t.exempt),
      ),
    ]
  }

  const show = (n: 1 | 2, closing = false) => {
    if (!dialog) {
      returnTo = document.activeElement
      dialog = h('div', {
        id: 'temoin-banner',
        class: 'temoin',
        role: 'dialog',
        'aria-modal': 'true',
        'aria-labelledby': 'temoin-title',
      })
      // Our own element: its handler properties are ours to set.
      dialog.onclick = safe(onClick)
      dialog.onkeydown = safe(onKey)
      document.body.append(dialog)
    }
    const from = layer
    layer = n
    closes = closing
    const titles = shown()
      .map((p) => local(p.title, p.id))
      .join(', ')
    dialog.replaceChildren(
      h('h2', { id: 'temoin-title' }, t.title),
      ...(n == 1
        ? [text(t.text.replace('{p}', titles)), row('accept', 'refuse', 'choose')]
        : [
            row('back'),
            ...(gpc ? [h('p', { 'data-temoin-gpc': '' }, t.gpc)] : []),
            ...shown().flatMap(purpose),
            row('accept', 'refuse', 'save'),
          ]),
    )
    // Back from the choices, focus returns to Choose; else it starts on the first button.
    dialog.querySelector<HTMLElement>(from > n ? '[data-temoin-action=choose]' : 'button')!.focus()
  }

  const close = () => {
    dialog?.remove()
    dialog = null
    layer = 0
    ;(returnTo as HTMLElement | null)?.focus()
  }

  const actions: Record<string, () => void> = {
    accept: () => decide(shown().map((p) => p.id)),
    refuse: () => decide([]),
    choose: () => show(2),
    back: () => (closes ? close() : show(1)),
    save: () =>
      decide(
        Array.from(dialog!.querySelectorAll('input:checked'), (i) =>
          i.getAttribute('data-purpose')!,
        ),
      ),
  }

  // The buttons hold only text: the target of a click on one is the button itself.
  function onClick(e: MouseEvent) {
    actions[(e.target as HTMLElement).dataset.temoinAction!]?.()
  }

  function onKey(e: KeyboardEvent) {
    if (e.key == 'Escape' && layer == 2) actions.back!()
    if (e.key == 'Tab') {
      const all = dialog!.querySelectorAll<HTMLElement>('a,button,input')
      const edge = all[e.shiftKey ? 0 : all.length - 1]
      if (document.activeElement == edge) {
        e.preventDefault()
        all[e.shiftKey ? all.length - 1 : 0]!.focus()
      }
    }
  }

  const notify = ({ summary, url }: BrowserChange, onClose: () => void) => {
    const ok = h('button', { class: 'temoin-b' }, 'OK')
    const el = h(
      'div',
      { id: 'temoin-notice', class: 'temoin', role: 'status' },
      // A legal page's change links its summary to the comparison of its versions.
      url ? h('p', {}, h('a', { href: url }, local(summary))) : text(local(summary)),
      ok,
    )
    ok.onclick = () => {
      el.remove()
      onClose()
    }
    document.body.append(el)
    // A legal page's change is announced once: seen as soon as shown.
    if (url) onClose()
  }

  return { show, close, notify }
}
