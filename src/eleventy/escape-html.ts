const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/**
 * Text made safe for HTML, in element content and in quoted attribute values alike: every value
 * read from the policy file goes through it before it reaches a page.
 *
 * @example escapeHtml('Dupont & <Fils>') // 'Dupont &amp; &lt;Fils&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c)
}
