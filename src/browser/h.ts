/**
 * Makes an element with attributes and children (false children are skipped). The banner is
 * built with the DOM API, never with innerHTML, so that no policy text can inject markup.
 *
 * @example
 * h('p', {}, text, hasLink && h('a', { href }, 'Privacy policy'))
 */
export function h(
  tag: string,
  attrs: Readonly<Record<string, string>>,
  ...children: (Node | string | false)[]
): HTMLElement {
  const el = document.createElement(tag)
  for (const name in attrs) el.setAttribute(name, attrs[name]!)
  el.append(...children.map((child) => child || ''))
  return el
}
