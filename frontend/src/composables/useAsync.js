import { ref, shallowRef } from 'vue'
import { errorMessage } from '../api/errors'

// Loading / error / data for one loader; `run` may be called again (retry, new filters).
// An answer that arrives after a newer call started is dropped.
export function useAsync(loader, { initial = null, immediate = true } = {}) {
  const data = shallowRef(initial)
  const loading = ref(false)
  const error = ref('')
  let generation = 0

  async function run(...args) {
    const mine = ++generation
    loading.value = true
    error.value = ''
    try {
      const result = await loader(...args)
      if (mine === generation) data.value = result
      return result
    } catch (failure) {
      if (mine === generation) error.value = errorMessage(failure)
      return undefined
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  if (immediate) run()
  return { data, loading, error, run }
}
