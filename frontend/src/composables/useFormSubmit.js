import { ref } from 'vue'
import { errorMessage, fieldErrors } from '../api/errors'

// A form's submit: busy while it runs, the API's field errors under their
// fields, and any other failure (a 401 on login, a 5xx, no network) as one
// message for the whole form.
export function useFormSubmit(action, fallbackMessage) {
  const errors = ref({})
  const formError = ref('')
  const busy = ref(false)

  async function submit(...args) {
    busy.value = true
    errors.value = {}
    formError.value = ''
    try {
      return await action(...args)
    } catch (error) {
      errors.value = fieldErrors(error)
      formError.value = Object.keys(errors.value).length ? '' : errorMessage(error, fallbackMessage)
      return undefined
    } finally {
      busy.value = false
    }
  }

  return { errors, formError, busy, submit }
}
