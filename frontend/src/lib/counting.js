// Character counting as the server does it (socialtrend/networks.py): X by
// twitter-text's weighted length (URLs 23, CJK and emoji 2), every other
// network by Unicode code points. counting-cases.json is checked against both.
import twitterText from 'twitter-text'

export const NETWORKS = {
  sandbox: { label: 'Sandbox', maxLength: 5000, maxHashtags: null, requiresMedia: false },
  instagram: { label: 'Instagram', maxLength: 2200, maxHashtags: 30, requiresMedia: true },
  linkedin: { label: 'LinkedIn', maxLength: 3000, maxHashtags: null, requiresMedia: false },
  x: { label: 'X (Twitter)', maxLength: 280, maxHashtags: null, requiresMedia: false },
  reddit: { label: 'Reddit', maxLength: 40000, maxHashtags: null, requiresMedia: false, titleMaxLength: 300 },
}

// Python's \w is Unicode letters, digits and underscore.
const HASHTAG_RE = /(?<![\p{L}\p{N}_#])#([\p{L}\p{N}_]+)/gu

export function textLength(network, text) {
  // twitter-text for Python turns CRLF into LF before counting; the JS one does not.
  if (network === 'x') return twitterText.parseTweet(text.replace(/\r\n/g, '\n')).weightedLength
  return [...text].length
}

export function extractHashtags(text) {
  return [...text.matchAll(HASHTAG_RE)].map((match) => match[1])
}

export function limitStatus(network, text) {
  const spec = NETWORKS[network]
  const length = textLength(network, text)
  const hashtags = extractHashtags(text).length
  const overLength = spec ? length > spec.maxLength : false
  const overHashtags = spec?.maxHashtags != null && hashtags > spec.maxHashtags
  return {
    length,
    limit: spec?.maxLength ?? null,
    remaining: spec ? spec.maxLength - length : null,
    hashtags,
    maxHashtags: spec?.maxHashtags ?? null,
    ok: !overLength && !overHashtags,
  }
}
