/**
 * The banner's CSS, scoped under `.temoin` so that the host page's styles and ours mix little.
 * CSS system colours under `color-scheme: light dark` follow `prefers-color-scheme` by
 * themselves: dark text on light, or light on dark, buttons inverted, far above WCAG AA in both
 * (links are told apart by their underline); focus keeps the browser's own ring, drawn in two
 * colours so that it shows on any background. Every button shares one class and a row wraps
 * buttons that all grow from the same 9rem basis, so Accept all and Refuse all have the same
 * size, colour and weight (on one line, or each on its own); the panel
 * wraps at 320 px and scrolls inside the viewport at 200 % zoom. No animation at all, so
 * `prefers-reduced-motion` has nothing to stop.
 *
 * @example
 * document.head.append(h('style', {}, BANNER_STYLE))
 */
export const BANNER_STYLE =
  '.temoin{position:fixed;z-index:2147483647;inset:auto 0 0;max-height:100%;overflow:auto;padding:0 1rem 1rem;color-scheme:light dark;background:Canvas;color:CanvasText;border-top:2px solid;font:1rem/1.5 sans-serif;word-wrap:break-word}' +
  '.temoin *{font:inherit;color:inherit;margin:.5rem 0 0}' +
  '.temoin h2,.temoin-b{font-weight:700}' +
  '.temoin-r{display:flex;flex-wrap:wrap;gap:0 .5rem}' +
  '.temoin-b{flex:1 9rem;padding:.5rem;border:0;border-radius:.5rem;background:CanvasText;color:Canvas}'
