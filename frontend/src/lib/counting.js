// Character counting as the server does it (socialtrend/networks.py). Each
// network's spec (GET /api/v1/networks/, see stores/networks.js) names its
// counting method in `text.counting`:
// - WEIGHTED: the weighted length of the text-parsing library imported below,
//   which the server uses too (URLs 23, CJK and emoji 2);
// - GRAPHEMES: user-perceived characters (extended grapheme clusters, Intl.Segmenter),
//   as Bluesky counts them;
// - GRAPHEMES_LINKS_23: grapheme clusters, after every URL written with its
//   protocol counts 23 and every mention @user@domain counts as @user
//   (Mastodon's StatusLengthValidator; the server's networks/counting.py);
// - CODE_POINTS: Unicode code points (also the fallback for an unknown method).
// counting-cases.json is checked against each, here and on the server.
import weightedText from 'twitter-text'

export const WEIGHTED = 'twitter-weighted'
export const CODE_POINTS = 'code-points'
export const GRAPHEMES = 'graphemes'
export const GRAPHEMES_LINKS_23 = 'graphemes-links-23'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })
const URL_PLACEHOLDER = 'x'.repeat(23)
// Mastodon's Account::MENTION_RE, with Python's \w (as the server) for [[:word:]].
const MENTION_RE = /(?<![=/\p{L}\p{N}_])@([a-zA-Z0-9_]+(?:[.-]+[a-zA-Z0-9_]+)*)(?:@[\p{L}\p{N}_]+(?:[.-]+[\p{L}\p{N}_]+)*)?/gu
// twitter-text's end_mention_match: directly followed by "@" or "://", it is no mention.
const NOT_A_MENTION_AFTER = /^(?:@|:\/\/)/

const graphemeCount = (text) => Array.from(graphemes.segment(text)).length

/** The text as Mastodon measures it: each URL 23 characters, each mention its local part. */
export function countableText(text) {
  const entities = weightedText
    .extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })
    .map(({ indices: [start, end] }) => [start, end, URL_PLACEHOLDER])
  for (const match of text.matchAll(MENTION_RE)) {
    const end = match.index + match[0].length
    if (!NOT_A_MENTION_AFTER.test(text.slice(end))) entities.push([match.index, end, `@${match[1]}`])
  }
  entities.sort((a, b) => a[0] - b[0] || a[1] - b[1])
  let result = ''
  let last = 0
  for (const [start, end, replacement] of entities) {
    if (start < last) continue // inside an entity already rewritten (a mention inside a URL)
    result += text.slice(last, start) + replacement
    last = end
  }
  return result + text.slice(last)
}

// Python's \w is Unicode letters, digits and underscore.
const HASHTAG_RE = /(?<![\p{L}\p{N}_#])#([\p{L}\p{N}_]+)/gu

export function textLength(counting, text) {
  // The library's Python port turns CRLF into LF before counting; the JS one does not.
  if (counting === WEIGHTED) return weightedText.parseTweet(text.replace(/\r\n/g, '\n')).weightedLength
  if (counting === GRAPHEMES) return graphemeCount(text)
  if (counting === GRAPHEMES_LINKS_23) return graphemeCount(countableText(text))
  return [...text].length
}

export function extractHashtags(text) {
  return [...text.matchAll(HASHTAG_RE)].map((match) => match[1])
}

/** Length and hashtags of `text` against a network spec's `text` rules (no spec: no limit). */
export function limitStatus(spec, text) {
  const rules = spec?.text ?? null
  const length = textLength(rules?.counting, text)
  const hashtags = extractHashtags(text).length
  const maxLength = rules?.max_length ?? null
  const maxHashtags = rules?.max_hashtags ?? null
  const overLength = maxLength != null && length > maxLength
  const overHashtags = maxHashtags != null && hashtags > maxHashtags
  return {
    length,
    limit: maxLength,
    remaining: maxLength != null ? maxLength - length : null,
    hashtags,
    maxHashtags,
    ok: !overLength && !overHashtags,
  }
}
