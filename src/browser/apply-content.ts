/**
 * Unblocks the third-party content whose purpose is granted and blocks the rest:
 * `<script type="text/plain" data-temoin="P" [data-src]>` becomes a real script (attributes
 * copied; `data-src` or the inline text); `<iframe data-temoin="P" data-src>` gets its `src`, or,
 * while P is not granted, is blanked, hidden, and preceded by `placeholder(P)`. A script cannot
 * be un-run: after a withdrawal its cookies are deleted and it is not run on later pages.
 *
 * @example
 * applyContent(['personalisation'], (purpose) => h('div', {}, 'Blocked'))
 */
export function applyContent(
  granted: readonly string[],
  placeholder: (purpose: string) => HTMLElement,
): void {
  document.querySelectorAll<HTMLElement>('[data-temoin]').forEach((el) => {
    const purpose = el.dataset.temoin!
    const src = el.dataset.src
    const on = granted.includes(purpose)
    if (el.localName == 'iframe') {
      const before = el.previousElementSibling as HTMLElement | null
      ;(el as HTMLIFrameElement).hidden = !on
      if (before?.dataset.temoinPh != purpose) {
        if (!on) el.before(placeholder(purpose))
      } else if (on) before.remove()
      // Blanking unloads the third party's document, and its scripts with it.
      const want = on ? src : el.getAttribute('src') && 'about:blank'
      if (want && el.getAttribute('src') != want) el.setAttribute('src', want)
    } else if (on && el.getAttribute('type') == 'text/plain') {
      // A new element (a script whose type is changed in place does not run): a copy, with its
      // attributes and inline text, which never ran (a script of an unknown type is not started).
      const script = el.cloneNode(true) as HTMLScriptElement
      script.removeAttribute('type')
      if (src) script.src = src
      el.replaceWith(script)
    }
  })
}
