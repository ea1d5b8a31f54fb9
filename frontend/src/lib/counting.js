// Character counting as the server does it (socialtrend/networks.py). Each
// network's spec (GET /api/v1/networks/, see stores/networks.js) names its
// counting method in `text.counting`:
// - WEIGHTED: the weighted length of the text-parsing library imported below,
//   which the server uses too (URLs 23, CJK and emoji 2);
// - GRAPHEMES: user-perceived characters (extended grapheme clusters, Intl.Segmenter),
//   as Bluesky counts them;
// - CODE_POINTS: Unicode code points (also the fallback for an unknown method).
// counting-cases.json is checked against both, here and on the server.
import weightedText from 'twitter-text'

export const WEIGHTED = 'twitter-weighted'
export const CODE_POINTS = 'code-points'
export const GRAPHEMES = 'graphemes'

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

// Python's \w is Unicode letters, digits and underscore.
const HASHTAG_RE = /(?<![\p{L}\p{N}_#])#([\p{L}\p{N}_]+)/gu

export function textLength(counting, text) {
  // The library's Python port turns CRLF into LF before counting; the JS one does not.
  if (counting === WEIGHTED) return weightedText.parseTweet(text.replace(/\r\n/g, '\n')).weightedLength
  if (counting === GRAPHEMES) {
    let count = 0
    for (const _ of graphemes.segment(text)) count += 1
    return count
  }
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
