/**
 * A click anywhere on a table row follows the row's filter link, so the whole row is the
 * target; the link itself stays the keyboard's and the screen reader's way.
 *
 * @example followRowLinks(document)
 */
export function followRowLinks(root: Document): void {
  root.addEventListener('click', (event) => {
    const target = event.target
    if (!(target instanceof Element) || target.closest('a, button, input, select, summary')) return
    const link = target.closest('tr')?.querySelector<HTMLAnchorElement>('a[data-filter]')
    // A selection in progress is not a click on the row.
    if (!link || (root.getSelection()?.toString() ?? '') !== '') return
    link.click()
  })
}
