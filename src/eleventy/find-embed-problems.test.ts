import { describe, expect, it } from 'vitest'
import { findEmbedProblems } from './find-embed-problems.js'

const PURPOSES = ['personalisation', 'statistics']

describe('findEmbedProblems', () => {
  const FLAGGED: [string, string, RegExp][] = [
    [
      '<iframe src="https://www.youtube.com/embed/x"></iframe>',
      'www.youtube.com',
      /add data-temoin="personalisation" and rename src to data-src/,
    ],
    [
      "<iframe width=560 src='//www.youtube-nocookie.com/embed/x'>",
      'www.youtube-nocookie.com',
      /iframe/,
    ],
    ['<IFRAME SRC="https://player.vimeo.com/video/1">', 'player.vimeo.com', /iframe/],
    [
      '<script async src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
      'www.googletagmanager.com',
      /write it <script type="text\/plain" data-temoin="personalisation" data-src="…">/,
    ],
    [
      "<script>(function(){var s=document.createElement('script');s.src='https://connect.facebook.net/en_US/fbevents.js'})()</script>",
      'connect.facebook.net',
      /write it <script type="text\/plain" data-temoin="personalisation">/,
    ],
    [
      '<script src="https://platform.twitter.com/widgets.js" charset="utf-8"></script>',
      'platform.twitter.com',
      /script/,
    ],
    [
      '<script src="https://www.google-analytics.com/analytics.js"></script>',
      'www.google-analytics.com',
      /script/,
    ],
    ['<embed src="https://www.dailymotion.com/embed/video/x">', 'www.dailymotion.com', /embed/],
  ]
  for (const [html, host, message] of FLAGGED) {
    it(`flags ${html.slice(0, 60)}`, () => {
      const problems = findEmbedProblems(html, PURPOSES)
      expect(problems).toHaveLength(1)
      expect(problems[0]?.host).toBe(host)
      expect(problems[0]?.message).toMatch(message)
    })
  }

  const ACCEPTED = [
    '<iframe data-temoin="personalisation" data-src="https://www.youtube-nocookie.com/embed/x" title="Video"></iframe>',
    '<script type="text/plain" data-temoin="statistics" data-src="https://www.googletagmanager.com/gtag/js?id=G-1"></script>',
    '<script type="text/plain" data-temoin="statistics">gtag("config", "https://www.google-analytics.com")</script>',
    '<iframe src="/maps/embed.html"></iframe>',
    '<iframe src="https://notyoutube.com/embed/x"></iframe>',
    '<script src="https://stats.example.org/temoin.js" defer></script>',
    '<script type="application/ld+json">{"sameAs": ["https://twitter.com/temoin"]}</script>',
    '<a href="https://www.youtube.com/watch?v=x">a link is not an embed</a>',
  ]
  for (const html of ACCEPTED) {
    it(`accepts ${html.slice(0, 60)}`, () => {
      expect(findEmbedProblems(html, PURPOSES)).toEqual([])
    })
  }

  it('flags an embed held for a purpose the policy does not have', () => {
    const [problem] = findEmbedProblems(
      '<iframe data-temoin="ads" data-src="https://www.youtube.com/embed/x">',
      PURPOSES,
    )
    expect(problem?.message).toBe(
      'an <iframe> has data-temoin="ads", which is no purpose of the policy (personalisation, statistics): it never loads.',
    )
  })

  it('flags a held embed that would load anyway', () => {
    expect(
      findEmbedProblems(
        '<iframe data-temoin="personalisation" src="https://www.youtube.com/embed/x">',
        PURPOSES,
      )[0]?.message,
    ).toMatch(/has a src, so it loads before consent; rename src to data-src/)
    expect(
      findEmbedProblems(
        '<script data-temoin="statistics" src="https://www.googletagmanager.com/gtag/js"></script>',
        PURPOSES,
      )[0]?.message,
    ).toMatch(/runs before consent; add type="text\/plain" and rename src to data-src/)
  })

  it('reports each element of a page', () => {
    const html =
      '<iframe src="https://youtu.be/x"></iframe><p></p><iframe src="https://vimeo.com/1"></iframe>'
    expect(findEmbedProblems(html, PURPOSES).map((p) => p.host)).toEqual(['youtu.be', 'vimeo.com'])
  })
})
