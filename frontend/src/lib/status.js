// Colours and words for post, delivery and account states, shared by every page.
export const POST_STATUS = {
  draft: { label: 'Draft', color: '#64748b', badge: 'bg-slate-100 text-slate-700' },
  scheduled: { label: 'Scheduled', color: '#4f46e5', badge: 'bg-indigo-100 text-indigo-800' },
  publishing: { label: 'Publishing', color: '#d97706', badge: 'bg-amber-100 text-amber-800' },
  published: { label: 'Published', color: '#059669', badge: 'bg-emerald-100 text-emerald-800' },
  partially_failed: { label: 'Partially failed', color: '#ea580c', badge: 'bg-orange-100 text-orange-800' },
  failed: { label: 'Failed', color: '#e11d48', badge: 'bg-rose-100 text-rose-800' },
  cancelled: { label: 'Cancelled', color: '#94a3b8', badge: 'bg-slate-100 text-slate-500 line-through' },
}

export const DELIVERY_STATUS = {
  pending: { label: 'Pending', badge: 'bg-slate-100 text-slate-700' },
  queued: { label: 'Queued', badge: 'bg-sky-100 text-sky-800' },
  publishing: { label: 'Publishing', badge: 'bg-amber-100 text-amber-800' },
  published: { label: 'Published', badge: 'bg-emerald-100 text-emerald-800' },
  failed: { label: 'Failed', badge: 'bg-rose-100 text-rose-800' },
  cancelled: { label: 'Cancelled', badge: 'bg-slate-100 text-slate-500' },
  unknown: { label: 'Unknown: needs a decision', badge: 'bg-fuchsia-100 text-fuchsia-800' },
}

export const ACCOUNT_STATUS = {
  active: { label: 'Active', badge: 'bg-emerald-100 text-emerald-800' },
  expired: { label: 'Expired: reconnect', badge: 'bg-amber-100 text-amber-800' },
  revoked: { label: 'Revoked', badge: 'bg-rose-100 text-rose-800' },
}

export const FINAL_DELIVERY_STATES = new Set(['published', 'failed', 'cancelled', 'unknown'])
export const RETRYABLE_DELIVERY_STATES = new Set(['failed', 'unknown'])
