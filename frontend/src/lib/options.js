// Per-account options of a post (form.options[accountId][name]), as each
// network's spec describes them in `options`.
import { CODE_POINTS, textLength } from './counting'

/** The values a newly selected account starts with; null when its network has no options. */
export function defaultOptions(spec) {
  const options = spec?.options ?? []
  if (!options.length) return null
  return Object.fromEntries(options.map((option) => [option.name, option.default ?? '']))
}

/** What goes to the API: an optional option left empty is left out (e.g. no link: a text or media post). */
export function optionsToSend(options, specFor) {
  return Object.fromEntries(
    Object.entries(options).map(([accountId, values]) => {
      const described = new Map((specFor(accountId)?.options ?? []).map((option) => [option.name, option]))
      return [accountId, Object.fromEntries(Object.entries(values).filter(([name, value]) => described.get(name)?.required || value !== ''))]
    }),
  )
}

/** The longest value allowed, counted in code points: the post title's limit for the title option, else the option's own. */
export function optionLimit(spec, option) {
  if (option.name === 'title' && spec?.title?.max_length != null) return spec.title.max_length
  return option.max_length ?? null
}

export const optionLength = (value) => textLength(CODE_POINTS, value ?? '')

/**
 * The control's label. The post title shows its live count in the label
 * ("Title (12 / 300)"), as the composer always did; textareas show a counter below.
 */
export function optionLabel(spec, option, value) {
  const limit = optionLimit(spec, option)
  if (option.name === 'title' && option.kind !== 'textarea' && limit != null) return `${option.label} (${optionLength(value)} / ${limit})`
  return option.label
}

/** Whether the option gets a counter of its own under the control. */
export const hasCounter = (spec, option) => option.kind === 'textarea' && optionLimit(spec, option) != null
