// Colours and words for post, delivery and account states, shared by every page.
// The post colours are the Okabe-Ito palette, chosen to stay apart for protanopia,
// deuteranopia and tritanopia (status.test.js checks every pair); each status also has
// a symbol, shown with its label in the legend, the badges and on calendar events.
export const POST_STATUS = {
  draft: { label: 'Draft', symbol: '✎', color: '#64748b', badge: 'bg-slate-100 text-slate-700' },
  scheduled: { label: 'Scheduled', symbol: '◷', color: '#0072b2', badge: 'bg-blue-100 text-blue-900' },
  publishing: { label: 'Publishing', symbol: '➤', color: '#56b4e9', badge: 'bg-sky-100 text-sky-900' },
  published: { label: 'Published', symbol: '✓', color: '#009e73', badge: 'bg-emerald-100 text-emerald-900' },
  partially_failed: { label: 'Partially failed', symbol: '◐', color: '#e69f00', badge: 'bg-amber-100 text-amber-900' },
  failed: { label: 'Failed', symbol: '✕', color: '#d55e00', badge: 'bg-red-100 text-red-900' },
  cancelled: { label: 'Cancelled', symbol: '⊘', color: '#cbd5e1', badge: 'bg-slate-100 text-slate-500 line-through' },
  // A delivery's outcome is unknown: it may be live, and a person checks before retrying.
  needs_check: { label: 'Needs a check', symbol: '?', color: '#7c3aed', badge: 'bg-violet-100 text-violet-900' },
  waiting_for_reconnect: { label: 'Waiting for reconnect', symbol: '⏸', color: '#1e293b', badge: 'bg-slate-800 text-white' },
}

export const DELIVERY_STATUS = {
  pending: { label: 'Pending', symbol: '◷', badge: 'bg-slate-100 text-slate-700' },
  queued: { label: 'Queued', symbol: '⋯', badge: 'bg-blue-100 text-blue-900' },
  publishing: { label: 'Publishing', symbol: '➤', badge: 'bg-sky-100 text-sky-900' },
  published: { label: 'Published', symbol: '✓', badge: 'bg-emerald-100 text-emerald-900' },
  failed: { label: 'Failed', symbol: '✕', badge: 'bg-red-100 text-red-900' },
  cancelled: { label: 'Cancelled', symbol: '⊘', badge: 'bg-slate-100 text-slate-500' },
  unknown: { label: 'Unknown: needs a check', symbol: '?', badge: 'bg-fuchsia-100 text-fuchsia-800' },
  waiting_for_reconnect: { label: 'Waiting for reconnect', symbol: '⏸', badge: 'bg-slate-800 text-white' },
}

// Whether the network was seen showing a publication (`verification` of a delivery).
export const VERIFICATION = {
  verified: { label: 'Verified', tone: 'text-emerald-800' },
  missing: { label: 'Not shown by the network', tone: 'text-rose-700' },
  undecidable: { label: 'Could not be checked', tone: 'text-fuchsia-800' },
  pending: { label: 'Being checked', tone: 'text-slate-500' },
}

export const ACCOUNT_STATUS = {
  active: { label: 'Active', badge: 'bg-emerald-100 text-emerald-800' },
  expired: { label: 'Expired: reconnect', badge: 'bg-amber-100 text-amber-800' },
  revoked: { label: 'Revoked', badge: 'bg-rose-100 text-rose-800' },
}

export const FINAL_DELIVERY_STATES = new Set(['published', 'failed', 'cancelled', 'unknown'])
export const RETRYABLE_DELIVERY_STATES = new Set(['failed', 'unknown'])

/** Black or white, whichever reads better on `hex` (WCAG contrast), for text on a status colour. */
export function readableTextOn(hex) {
  const channel = (at) => {
    const c = parseInt(hex.replace('#', '').slice(at, at + 2), 16) / 255
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  const luminance = 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
  const onWhite = 1.05 / (luminance + 0.05)
  const onBlack = (luminance + 0.05) / 0.05
  return onBlack > onWhite ? '#0f172a' : '#ffffff'
}
