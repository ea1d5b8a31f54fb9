// Pure helpers of the queue page: weekly slots grouped by day, and moving an entry.

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']

/** Seven sorted lists of "HH:MM", Monday first. */
export function slotsByDay(slots) {
  const days = WEEKDAYS.map(() => [])
  for (const slot of slots) days[slot.weekday].push(slot.time)
  return days.map((times) => [...new Set(times)].sort())
}

export function withSlot(slots, weekday, time) {
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) return slots
  if (slots.some((slot) => slot.weekday === weekday && slot.time === time)) return slots
  return [...slots, { weekday, time }]
}

export function withoutSlot(slots, weekday, time) {
  return slots.filter((slot) => !(slot.weekday === weekday && slot.time === time))
}

/** `items` with the one at `from` moved to `to` (both indexes in the original list). */
export function moved(items, from, to) {
  if (from === to || from < 0 || to < 0 || from >= items.length || to >= items.length) return items
  const result = [...items]
  const [item] = result.splice(from, 1)
  result.splice(to, 0, item)
  return result
}

export function firstLine(text, max = 90) {
  const line = (text || '').split('\n').find((part) => part.trim()) || ''
  return line.length > max ? `${line.slice(0, max - 1)}…` : line
}
