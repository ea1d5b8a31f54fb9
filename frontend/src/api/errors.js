// The API answers every error as {"detail": "...", "errors": {field: [messages]}}.

export function fieldErrors(error) {
  const errors = error?.response?.data?.errors
  if (!errors || typeof errors !== 'object') return {}
  return Object.fromEntries(
    Object.entries(errors).map(([field, messages]) => [field, Array.isArray(messages) ? messages.join(' ') : String(messages)]),
  )
}

export function errorMessage(error, fallback = 'Something went wrong. Please try again.') {
  const response = error?.response
  // Only a request that got no answer is the network's fault; any other error without a
  // response is the page's own (a bad date, a bug) and must not blame the connection.
  if (!response && error?.isAxiosError && error.code !== 'ERR_CANCELED') {
    return error.code === 'ECONNABORTED' ? 'The server took too long to answer.' : 'Cannot reach the server.'
  }
  if (!response) return fallback
  const detail = response.data?.detail
  if (typeof detail === 'string' && detail) return detail
  if (response.status === 413) return 'The file or request is too large.'
  if (response.status === 429) return 'Too many requests: please wait a moment.'
  if (response.status >= 500) return 'The server had a problem. Please try again.'
  return fallback
}

/** The message a person should read: the first field's own words, else the detail. */
export function firstMessage(error, fallback) {
  const [first] = Object.values(fieldErrors(error))
  return first || errorMessage(error, fallback)
}
