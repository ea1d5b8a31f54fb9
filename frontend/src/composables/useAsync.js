import { ref, shallowRef } from 'vue'
import { errorMessage } from '../api/errors'

// Loading / error / data for one loader; `run` may be called again (retry, new filters).
// An answer that arrives after a newer call started is dropped.
export function useAsync(loader, { initial = null, immediate = true } = {}) {
  const data = shallowRef(initial)
  const loading = ref(false)
  const error = ref('')
  // The HTTP status of the last failure (404: nothing to retry), 0 without an answer.
  const status = ref(0)
  let generation = 0

  async function run(...args) {
    const mine = ++generation
    loading.value = true
    error.value = ''
    status.value = 0
    try {
      const result = await loader(...args)
      if (mine === generation) data.value = result
      return result
    } catch (failure) {
      if (mine === generation) {
        error.value = errorMessage(failure)
        status.value = failure?.response?.status ?? 0
      }
      return undefined
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  if (immediate) run()
  return { data, loading, error, status, run }
}
